// SPDX-License-Identifier: LGPL-2.1-or-later
#include "util/auth_conf.h"

#include <strings.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <fstream>
#include <map>
#include <sstream>

#include "util/log.h"
#include "util/user_dirs.h"

namespace virtkit::util {
namespace {

log::Source g_log("util.authconfig");

using Groups = std::map<std::string, std::map<std::string, std::string>>;  // AuthConfig::groups_

bool space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}

// glib's key file syntax: [group] lines, key=value lines, # comments and
// blank lines; anything else (or a key before any group) fails the load.
bool parse_key_file(const std::string &text, Groups *out) {
  std::istringstream in(text);
  std::string line;
  std::map<std::string, std::string> *group = nullptr;
  while (std::getline(in, line)) {
    if (!line.empty() && line.back() == '\r') line.pop_back();
    size_t b = 0;
    while (b < line.size() && space(line[b])) b++;
    std::string l = line.substr(b);
    if (l.empty() || l[0] == '#') continue;
    if (l[0] == '[') {
      size_t close = l.find(']');
      if (close == std::string::npos || close == 1) return false;
      for (size_t i = close + 1; i < l.size(); i++)
        if (l[i] != ' ' && l[i] != '\t') return false;
      std::string name = l.substr(1, close - 1);
      for (char c : name)
        if (c == '[' || static_cast<unsigned char>(c) < 0x20) return false;
      group = &(*out)[name];
      continue;
    }
    size_t eq = l.find('=');
    if (eq == std::string::npos || eq == 0 || !group) return false;
    std::string key = l.substr(0, eq);
    while (!key.empty() && space(key.back())) key.pop_back();
    if (key.empty()) return false;
    size_t v = eq + 1;
    while (v < l.size() && space(l[v])) v++;
    (*group)[key] = l.substr(v);  // the last of a key wins
  }
  return true;
}

// glib's g_key_file_get_string: \s \n \t \r \\ unescaped, another escape
// kept as written; a backslash at the end fails the lookup.
std::optional<std::string> unescape(const std::string &v) {
  std::string out;
  for (size_t i = 0; i < v.size(); i++) {
    if (v[i] != '\\') {
      out += v[i];
      continue;
    }
    if (++i == v.size()) return std::nullopt;
    switch (v[i]) {
      case 's':
        out += ' ';
        break;
      case 'n':
        out += '\n';
        break;
      case 't':
        out += '\t';
        break;
      case 'r':
        out += '\r';
        break;
      case '\\':
        out += '\\';
        break;
      default:
        out += '\\';
        out += v[i];
        break;
    }
  }
  return out;
}

// Asks the callback for one credential of the given kinds.
Result<std::optional<std::string>> ask(virConnectAuthPtr auth, bool username,
                                       const std::string &prompt, const std::string &host,
                                       const char *default_result) {
  constexpr int kFromAuth = VIR_FROM_AUTH;
  if (!auth)
    return error(kFromAuth, VIR_ERR_INVALID_ARG, "%s", "Missing authentication credentials");
  for (unsigned i = 0; i < auth->ncredtype; i++) {
    int type = auth->credtype[i];
    if (username ? type != VIR_CRED_AUTHNAME
                 : (type != VIR_CRED_PASSPHRASE && type != VIR_CRED_NOECHOPROMPT))
      continue;
    if (!auth->cb)
      return error(kFromAuth, VIR_ERR_INVALID_ARG, "%s", "Missing authentication callback");
    Answer a = ask_credential(auth, type, prompt, host.c_str(), default_result);
    if (a.rc < 0)
      return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s",
                   username ? "Username request failed" : "Password request failed");
    return std::move(a.value);
  }
  if (username)
    return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s", "Missing VIR_CRED_AUTHNAME credential type");
  return error(kFromAuth, VIR_ERR_AUTH_FAILED, "%s",
               "Missing VIR_CRED_PASSPHRASE or VIR_CRED_NOECHOPROMPT credential type");
}

}  // namespace

Answer ask_credential(virConnectAuthPtr auth, int type, const std::string &prompt,
                      const char *challenge, const char *default_result) {
  virConnectCredential cred{};
  cred.type = type;
  cred.prompt = prompt.c_str();
  cred.challenge = challenge;
  cred.defresult = default_result;
  Answer a{auth->cb(&cred, 1, auth->cbdata), std::nullopt};
  if (cred.result) {
    if (a.rc >= 0) a.value = std::string(cred.result);
    explicit_bzero(cred.result, std::strlen(cred.result));
    std::free(cred.result);
  }
  return a;
}

std::string auth_file_path(const std::vector<std::pair<std::string, std::string>> &uri_params) {
  if (const char *env = std::getenv("LIBVIRT_AUTH_FILE")) return env;
  for (const auto &[name, value] : uri_params)
    if (name == "authfile") return value;  // the first, its name as written
  for (const std::string &p :
       {user_config_dir() + "/auth.conf", std::string("/etc/libvirt/auth.conf")})
    if (access(p.c_str(), R_OK) == 0) return p;
  return "";
}

Result<AuthConfig> AuthConfig::load(const std::string &path) {
  std::ifstream f(path, std::ios::binary);
  std::stringstream text;
  text << f.rdbuf();
  AuthConfig c;
  c.path_ = path;
  if (!f || !parse_key_file(text.str(), &c.groups_)) return generic_failure();
  return c;
}

Result<std::optional<std::string>> AuthConfig::lookup(const char *service, const std::string &host,
                                                      const char *credname) const {
  VK_DEBUG(g_log, "Lookup '%s' '%s' '%s'", service, host.c_str(), credname);
  std::string authgroup = std::string("auth-") + service + "-" + host;
  if (!groups_.count(authgroup)) authgroup = std::string("auth-") + service + "-default";
  auto g = groups_.find(authgroup);
  if (g == groups_.end()) return std::optional<std::string>();
  auto cred = g->second.find("credentials");
  std::optional<std::string> name = cred == g->second.end() ? std::nullopt : unescape(cred->second);
  if (!name)
    return error(VIR_FROM_NONE, VIR_ERR_CONF_SYNTAX,
                 "Missing item 'credentials' in group '%s' in '%s'", authgroup.c_str(),
                 path_.c_str());
  auto cg = groups_.find("credentials-" + *name);
  if (cg == groups_.end())
    return error(VIR_FROM_NONE, VIR_ERR_CONF_SYNTAX,
                 "Missing group 'credentials-%s' referenced from group '%s' in '%s'", name->c_str(),
                 authgroup.c_str(), path_.c_str());
  auto v = cg->second.find(credname);
  if (v == cg->second.end()) return std::optional<std::string>();
  return unescape(v->second);
}

Result<std::optional<std::string>> auth_credential(const std::string &path, const char *service,
                                                   const std::string &host, const char *credname) {
  if (path.empty()) return std::optional<std::string>();
  auto conf = AuthConfig::load(path);
  VK_TRY(conf);
  return conf->lookup(service, host, credname);
}

Result<std::optional<std::string>> auth_username(const std::string &path, virConnectAuthPtr auth,
                                                 const char *service, const char *default_user,
                                                 const std::string &host) {
  auto found = auth_credential(path, service, host, "username");
  VK_TRY(found);
  if (*found) return found;
  std::string prompt = "Enter username for " + host;
  if (default_user) prompt += std::string(" [") + default_user + "]";
  return ask(auth, true, prompt, host, default_user);
}

Result<std::optional<std::string>> auth_password(const std::string &path, virConnectAuthPtr auth,
                                                 const char *service, const std::string &user,
                                                 const std::string &host) {
  auto found = auth_credential(path, service, host, "password");
  VK_TRY(found);
  if (*found) return found;
  return ask(auth, false, "Enter " + user + "'s password for " + host, host, nullptr);
}

}  // namespace virtkit::util

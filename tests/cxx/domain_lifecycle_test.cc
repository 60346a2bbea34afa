// SPDX-License-Identifier: LGPL-2.1-or-later
// virtkit::Domain's lifecycle calls (domain.hpp, domain_lifecycle.hpp), and the
// migration and block job calls (domain_migrate.hpp, domain_blockjob.hpp),
// which the test driver lacks, on test:///default against the C API.
#include "cxx_test_util.h"

#include <array>
#include <cstdlib>
#include <filesystem>
#include <unistd.h>

namespace {

using cxxtest::same_error;
using virtkit::Domain;

class CxxDomainLifecycle : public cxxtest::DomainFixture {
 protected:
  void SetUp() override {
    DomainFixture::SetUp();
    char tmpl[] = "/tmp/cxx-domain-XXXXXX";
    ASSERT_NE(mkdtemp(tmpl), nullptr);
    dir = tmpl;
  }
  void TearDown() override {
    std::filesystem::remove_all(dir);
    DomainFixture::TearDown();
  }
  // A new persistent domain through both APIs.
  Domain define(const std::string &name, virDomainPtr *cdom) {
    Domain x = Domain::define_xml(conn, cxxtest::domain_xml(name));
    *cdom = virDomainLookupByName(c, name.c_str());
    return x;
  }
  std::string dir;
};

TEST_F(CxxDomainLifecycle, IdentityMemoryAutostartMetadata) {
  Domain::Uuid u = d.uuid();
  unsigned char cu[VIR_UUID_BUFLEN];
  ASSERT_EQ(virDomainGetUUID(cd, cu), 0);
  EXPECT_TRUE(std::equal(u.begin(), u.end(), cu));
  EXPECT_EQ(Domain::lookup_by_uuid(conn, u).name(), "test");
  Domain::Uuid zero{};
  same_error<Domain>([&] { return virDomainLookupByUUID(c, zero.data()) == nullptr; },
                     [&] { return Domain::lookup_by_uuid(conn, zero); },
                     [&] { return Domain::try_lookup_by_uuid(conn, zero); });

  EXPECT_EQ(d.max_memory(), 8388608u);
  EXPECT_FALSE(d.is_updated());
  EXPECT_TRUE(d.messages().empty());
  same_error<std::vector<std::string>>(
      [&] {
        char **m = nullptr;
        return virDomainGetMessages(cd, &m, 1u << 30) < 0;
      },
      [&] { return d.messages(1u << 30); }, [&] { return d.try_messages(1u << 30); });

  virDomainPtr cx = nullptr;
  Domain x = define("cxx-ident", &cx);
  x.set_max_memory(16384);
  EXPECT_EQ(x.max_memory(), 16384u);
  x.set_autostart(true);
  EXPECT_TRUE(x.autostart());
  same_error<void>([&] { return virDomainSetMemory(cx, 4096) < 0; },
                   [&] { x.set_memory_live(4096); }, [&] { return x.try_set_memory_live(4096); });
  x.create();
  x.set_memory_live(4096);
  EXPECT_EQ(x.info().memory, 4096u);
  same_error<void>([&] { return virDomainSetMaxMemory(cx, 1) < 0; }, [&] { x.set_max_memory(1); },
                   [&] { return x.try_set_max_memory(1); });

  x.set_metadata(VIR_DOMAIN_METADATA_DESCRIPTION, "hello");
  EXPECT_EQ(x.metadata(VIR_DOMAIN_METADATA_DESCRIPTION), "hello");
  x.set_metadata(VIR_DOMAIN_METADATA_ELEMENT, "<a>1</a>", "k", "http://example.org/k");
  // The element comes back without its prefix, as from C.
  char *cm = virDomainGetMetadata(cx, VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/k", 0);
  ASSERT_NE(cm, nullptr);
  EXPECT_EQ(x.metadata(VIR_DOMAIN_METADATA_ELEMENT, "http://example.org/k"), cm);
  EXPECT_EQ(std::string(cm), "<a>1</a>");
  std::free(cm);
  x.set_metadata(VIR_DOMAIN_METADATA_DESCRIPTION, std::nullopt);
  same_error<std::string>(
      [&] {
        return virDomainGetMetadata(cx, VIR_DOMAIN_METADATA_DESCRIPTION, nullptr, 0) == nullptr;
      },
      [&] { return x.metadata(VIR_DOMAIN_METADATA_DESCRIPTION); },
      [&] { return x.try_metadata(VIR_DOMAIN_METADATA_DESCRIPTION); });
  same_error<void>(
      [&] {
        return virDomainSetMetadata(cx, VIR_DOMAIN_METADATA_ELEMENT, "<a/>", nullptr, nullptr, 0) <
               0;
      },
      [&] { x.set_metadata(VIR_DOMAIN_METADATA_ELEMENT, "<a/>"); },
      [&] { return x.try_set_metadata(VIR_DOMAIN_METADATA_ELEMENT, "<a/>"); });

  same_error<void>([&] { return virDomainRename(cx, "cxx-ident2", 0) < 0; },
                   [&] { x.rename("cxx-ident2"); }, [&] { return x.try_rename("cxx-ident2"); });
  x.destroy(VIR_DOMAIN_DESTROY_GRACEFUL);
  x.rename("cxx-ident2");
  // As in C, the handle keeps the name it was looked up with.
  EXPECT_EQ(x.name(), "cxx-ident");
  EXPECT_EQ(Domain::lookup_by_name(conn, "cxx-ident2").uuid(), x.uuid());
  x.undefine();
  virDomainFree(cx);
}

TEST_F(CxxDomainLifecycle, FlagsFormsAndDeprecatedCreateLinux) {
  Domain t = Domain::create_linux(conn, cxxtest::domain_xml("cxx-linux"));
  EXPECT_TRUE(t.is_active());
  virDomainPtr ct = virDomainLookupByName(c, "cxx-linux");
  t.shutdown(VIR_DOMAIN_SHUTDOWN_DEFAULT);
  // Transient: gone, so even is_active fails, as in C.
  same_error<bool>([&] { return virDomainIsActive(ct) < 0; }, [&] { return t.is_active(); },
                   [&] { return t.try_is_active(); });
  same_error<void>([&] { return virDomainDestroyFlags(ct, 0) < 0; }, [&] { t.destroy(0u); },
                   [&] { return t.try_destroy(0u); });
  same_error<void>([&] { return virDomainShutdownFlags(ct, 0) < 0; }, [&] { t.shutdown(0u); },
                   [&] { return t.try_shutdown(0u); });
  virDomainFree(ct);
  same_error<Domain>([&] { return virDomainCreateLinux(c, "junk", 0) == nullptr; },
                     [&] { return Domain::create_linux(conn, "junk"); },
                     [&] { return Domain::try_create_linux(conn, "junk"); });
}

TEST_F(CxxDomainLifecycle, UndefineFlagsEvenWithoutFlags) {
  virDomainPtr cx = nullptr;
  Domain x = define("cxx-undef", &cx);
  x.undefine_flags(0);
  EXPECT_FALSE(Domain::try_lookup_by_name(conn, "cxx-undef"));
  // Undefined and not running: gone, so a second undefine fails, as in C.
  same_error<void>([&] { return virDomainUndefineFlags(cx, 0) < 0; }, [&] { x.undefine_flags(0); },
                   [&] { return x.try_undefine_flags(0); });
  virDomainFree(cx);
  // Read-only, the error names virDomainUndefineFlags.
  virtkit::Connection ro = virtkit::Connection::open_read_only("test:///default");
  Domain r = Domain::lookup_by_name(ro, "test");
  auto e = r.try_undefine_flags(0);
  ASSERT_FALSE(e);
  EXPECT_EQ(e.error().code(), VIR_ERR_OPERATION_DENIED);
  EXPECT_NE(std::string(*e.error().message()).find("virDomainUndefineFlags"), std::string::npos);
}

TEST_F(CxxDomainLifecycle, SaveRestoreAndImages) {
  virDomainPtr cx = nullptr;
  Domain x = define("cxx-save", &cx);
  x.create();
  std::string img = dir + "/save.img";
  x.save(img);
  EXPECT_FALSE(x.is_active());
  std::string ixml = Domain::save_image_xml(conn, img);
  EXPECT_NE(ixml.find("<name>cxx-save</name>"), std::string::npos);
  Domain::save_image_define_xml(conn, img, x.xml(VIR_DOMAIN_XML_INACTIVE));
  Domain::restore(conn, img);
  EXPECT_TRUE(x.is_active());
  std::string img2 = dir + "/save2.img";
  // With an XML (virDomainSaveFlags / virDomainRestoreFlags): the test driver
  // refuses XML changes, in C as here.
  std::string dxml = x.xml(VIR_DOMAIN_XML_INACTIVE);
  same_error<void>([&] { return virDomainSaveFlags(cx, img2.c_str(), dxml.c_str(), 0) < 0; },
                   [&] { x.save(img2, dxml); }, [&] { return x.try_save(img2, dxml); });
  x.save(img2);
  same_error<void>([&] { return virDomainRestoreFlags(c, img2.c_str(), dxml.c_str(), 0) < 0; },
                   [&] { Domain::restore(conn, img2, dxml); },
                   [&] { return Domain::try_restore(conn, img2, dxml); });
  Domain::restore(conn, img2);
  EXPECT_EQ(x.state().state, VIR_DOMAIN_RUNNING);
  same_error<void>(
      [&] { return virDomainSaveFlags(cx, img2.c_str(), nullptr, VIR_DOMAIN_SAVE_PAUSED) < 0; },
      [&] { x.save(img2, std::nullopt, VIR_DOMAIN_SAVE_PAUSED); },
      [&] { return x.try_save(img2, std::nullopt, VIR_DOMAIN_SAVE_PAUSED); });

  std::string missing = dir + "/missing.img";
  same_error<void>([&] { return virDomainRestore(c, missing.c_str()) < 0; },
                   [&] { Domain::restore(conn, missing); },
                   [&] { return Domain::try_restore(conn, missing); });
  same_error<void>([&] { return virDomainRestoreFlags(c, missing.c_str(), nullptr, 1u << 30) < 0; },
                   [&] { Domain::restore(conn, missing, std::nullopt, 1u << 30); },
                   [&] { return Domain::try_restore(conn, missing, std::nullopt, 1u << 30); });
  same_error<std::string>(
      [&] { return virDomainSaveImageGetXMLDesc(c, missing.c_str(), 0) == nullptr; },
      [&] { return Domain::save_image_xml(conn, missing); },
      [&] { return Domain::try_save_image_xml(conn, missing); });
  same_error<void>(
      [&] { return virDomainSaveImageDefineXML(c, missing.c_str(), "<domain/>", 0) < 0; },
      [&] { Domain::save_image_define_xml(conn, missing, "<domain/>"); },
      [&] { return Domain::try_save_image_define_xml(conn, missing, "<domain/>"); });

  virtkit::TypedParams sp =
      virtkit::TypedParams().add(VIR_DOMAIN_SAVE_PARAM_FILE, std::string_view(img));
  virTypedParameterPtr cp = nullptr;
  int n = 0, max = 0;
  virTypedParamsAddString(&cp, &n, &max, VIR_DOMAIN_SAVE_PARAM_FILE, img.c_str());
  same_error<void>([&] { return virDomainSaveParams(cx, cp, n, 0) < 0; },
                   [&] { x.save_params(sp); }, [&] { return x.try_save_params(sp); });
  same_error<void>([&] { return virDomainRestoreParams(c, cp, n, 0) < 0; },
                   [&] { Domain::restore_params(conn, sp); },
                   [&] { return Domain::try_restore_params(conn, sp); });
  virTypedParamsFree(cp, n);

  // Managed save.
  EXPECT_FALSE(x.has_managed_save_image());
  x.managed_save();
  EXPECT_TRUE(x.has_managed_save_image());
  same_error<std::string>([&] { return virDomainManagedSaveGetXMLDesc(cx, 0) == nullptr; },
                          [&] { return x.managed_save_xml(); },
                          [&] { return x.try_managed_save_xml(); });
  same_error<void>([&] { return virDomainManagedSaveDefineXML(cx, "<domain/>", 0) < 0; },
                   [&] { x.managed_save_define_xml("<domain/>"); },
                   [&] { return x.try_managed_save_define_xml("<domain/>"); });
  x.managed_save_remove();
  EXPECT_FALSE(x.has_managed_save_image());
  same_error<void>([&] { return virDomainManagedSave(cx, 0) < 0; }, [&] { x.managed_save(); },
                   [&] { return x.try_managed_save(); });

  x.create();
  std::string core = dir + "/core";
  x.core_dump(core);
  EXPECT_TRUE(std::filesystem::exists(core));
  x.core_dump(dir + "/core2", VIR_DOMAIN_CORE_DUMP_FORMAT_RAW, 0);
  same_error<void>([&] { return virDomainCoreDumpWithFormat(cx, core.c_str(), 99, 0) < 0; },
                   [&] { x.core_dump(core, 99, 0); }, [&] { return x.try_core_dump(core, 99, 0); });
  x.destroy();
  x.undefine();
  virDomainFree(cx);
}

TEST_F(CxxDomainLifecycle, PowerKeysSignalsFiles) {
  d.reset();
  d.inject_nmi();
  std::array<unsigned, 2> keys{29, 56};
  d.send_key(VIR_KEYCODE_SET_LINUX, 100, keys);
  same_error<void>(
      [&] { return virDomainSendKey(cd, VIR_KEYCODE_SET_LINUX, 100, keys.data(), 2, 1) < 0; },
      [&] { d.send_key(VIR_KEYCODE_SET_LINUX, 100, keys, 1); },
      [&] { return d.try_send_key(VIR_KEYCODE_SET_LINUX, 100, keys, 1); });
  d.send_process_signal(1, VIR_DOMAIN_PROCESS_SIGNAL_TERM);
  same_error<void>([&] { return virDomainSendProcessSignal(cd, 1, 9999, 0) < 0; },
                   [&] { d.send_process_signal(1, 9999); },
                   [&] { return d.try_send_process_signal(1, 9999); });
  same_error<void>(
      [&] { return virDomainPMSuspendForDuration(cd, VIR_NODE_SUSPEND_TARGET_MEM, 0, 0) < 0; },
      [&] { d.pm_suspend(VIR_NODE_SUSPEND_TARGET_MEM); },
      [&] { return d.try_pm_suspend(VIR_NODE_SUSPEND_TARGET_MEM); });
  same_error<void>([&] { return virDomainPMWakeup(cd, 0) < 0; }, [&] { d.pm_wakeup(); },
                   [&] { return d.try_pm_wakeup(); });
  d.set_lifecycle_action(VIR_DOMAIN_LIFECYCLE_REBOOT, VIR_DOMAIN_LIFECYCLE_ACTION_DESTROY);
  same_error<void>([&] { return virDomainSetLifecycleAction(cd, 99, 0, 0) < 0; },
                   [&] { d.set_lifecycle_action(99, 0); },
                   [&] { return d.try_set_lifecycle_action(99, 0); });

  // Starting with passed files (none here; the test driver takes no files).
  virDomainPtr cx = nullptr;
  Domain x = define("cxx-files", &cx);
  x.create_with_files({});
  EXPECT_TRUE(x.is_active());
  int fds[] = {0};
  same_error<void>([&] { return virDomainCreateWithFiles(cx, 1, fds, 0) < 0; },
                   [&] { x.create_with_files(fds); }, [&] { return x.try_create_with_files(fds); });
  same_error<void>([&] { return virDomainFDAssociate(cx, "f", 1, fds, 0) < 0; },
                   [&] { x.fd_associate("f", fds); }, [&] { return x.try_fd_associate("f", fds); });
  x.destroy();
  x.undefine();
  virDomainFree(cx);
  Domain y = Domain::create_xml_with_files(conn, cxxtest::domain_xml("cxx-files2"), {});
  EXPECT_TRUE(y.is_active());
  y.destroy();
  same_error<Domain>(
      [&] { return virDomainCreateXMLWithFiles(c, "junk", 0, nullptr, 0) == nullptr; },
      [&] { return Domain::create_xml_with_files(conn, "junk", {}); },
      [&] { return Domain::try_create_xml_with_files(conn, "junk", {}); });
}

TEST_F(CxxDomainLifecycle, MigrationNotInTestDriver) {
  virtkit::Connection dst = virtkit::Connection::open("test:///default");
  virConnectPtr cdst = virConnectOpen("test:///default");
  virtkit::TypedParams none;
  same_error<Domain>([&] { return virDomainMigrate3(cd, cdst, nullptr, 0, 0) == nullptr; },
                     [&] { return d.migrate(dst, none); },
                     [&] { return d.try_migrate(dst, none); });
  same_error<Domain>([&] { return virDomainMigrate(cd, cdst, 0, nullptr, nullptr, 0) == nullptr; },
                     [&] { return d.migrate_v1(dst, 0); },
                     [&] { return d.try_migrate_v1(dst, 0); });
  same_error<Domain>(
      [&] { return virDomainMigrate2(cd, cdst, nullptr, 0, nullptr, nullptr, 0) == nullptr; },
      [&] { return d.migrate_v2(dst, std::nullopt, 0); },
      [&] { return d.try_migrate_v2(dst, std::nullopt, 0); });
  const char *uri = "test:///default";
  const unsigned long p2p = VIR_MIGRATE_PEER2PEER;
  same_error<void>([&] { return virDomainMigrateToURI3(cd, uri, nullptr, 0, p2p) < 0; },
                   [&] { d.migrate_to_uri(uri, none, p2p); },
                   [&] { return d.try_migrate_to_uri(uri, none, p2p); });
  same_error<void>([&] { return virDomainMigrateToURI(cd, uri, p2p, nullptr, 0) < 0; },
                   [&] { d.migrate_to_uri_v1(uri, p2p); },
                   [&] { return d.try_migrate_to_uri_v1(uri, p2p); });
  same_error<void>(
      [&] { return virDomainMigrateToURI2(cd, uri, nullptr, nullptr, p2p, nullptr, 0) < 0; },
      [&] { d.migrate_to_uri_v2(uri, std::nullopt, std::nullopt, p2p); },
      [&] { return d.try_migrate_to_uri_v2(uri, std::nullopt, std::nullopt, p2p); });
  virConnectClose(cdst);

  same_error<std::chrono::milliseconds>(
      [&] {
        unsigned long long v;
        return virDomainMigrateGetMaxDowntime(cd, &v, 0) < 0;
      },
      [&] { return d.migrate_max_downtime(); }, [&] { return d.try_migrate_max_downtime(); });
  EXPECT_EQ(d.try_migrate_max_downtime().error().code(), VIR_ERR_NO_SUPPORT);
  using std::chrono::milliseconds;
  same_error<void>([&] { return virDomainMigrateSetMaxDowntime(cd, 300, 0) < 0; },
                   [&] { d.migrate_set_max_downtime(milliseconds(300)); },
                   [&] { return d.try_migrate_set_max_downtime(milliseconds(300)); });
  same_error<unsigned long>(
      [&] {
        unsigned long v;
        return virDomainMigrateGetMaxSpeed(cd, &v, 0) < 0;
      },
      [&] { return d.migrate_max_speed(); }, [&] { return d.try_migrate_max_speed(); });
  same_error<void>([&] { return virDomainMigrateSetMaxSpeed(cd, 10, 0) < 0; },
                   [&] { d.migrate_set_max_speed(10); },
                   [&] { return d.try_migrate_set_max_speed(10); });
  same_error<unsigned long long>(
      [&] {
        unsigned long long v;
        return virDomainMigrateGetCompressionCache(cd, &v, 0) < 0;
      },
      [&] { return d.migrate_compression_cache(); },
      [&] { return d.try_migrate_compression_cache(); });
  same_error<void>([&] { return virDomainMigrateSetCompressionCache(cd, 1024, 0) < 0; },
                   [&] { d.migrate_set_compression_cache(1024); },
                   [&] { return d.try_migrate_set_compression_cache(1024); });
  same_error<void>([&] { return virDomainMigrateStartPostCopy(cd, 0) < 0; },
                   [&] { d.migrate_start_post_copy(); },
                   [&] { return d.try_migrate_start_post_copy(); });
}

TEST_F(CxxDomainLifecycle, BlockJobsAndBackupNotInTestDriver) {
  same_error<std::optional<virDomainBlockJobInfo>>(
      [&] {
        virDomainBlockJobInfo i;
        return virDomainGetBlockJobInfo(cd, "vda", &i, 0) < 0;
      },
      [&] { return d.block_job_info("vda"); }, [&] { return d.try_block_job_info("vda"); });
  EXPECT_EQ(d.try_block_job_info("vda").error().code(), VIR_ERR_NO_SUPPORT);
  same_error<void>([&] { return virDomainBlockJobAbort(cd, "vda", 0) < 0; },
                   [&] { d.block_job_abort("vda"); }, [&] { return d.try_block_job_abort("vda"); });
  same_error<void>([&] { return virDomainBlockJobSetSpeed(cd, "vda", 1, 0) < 0; },
                   [&] { d.block_job_set_speed("vda", 1); },
                   [&] { return d.try_block_job_set_speed("vda", 1); });
  same_error<void>([&] { return virDomainBlockPull(cd, "vda", 0, 0) < 0; },
                   [&] { d.block_pull("vda"); }, [&] { return d.try_block_pull("vda"); });
  same_error<void>([&] { return virDomainBlockRebase(cd, "vda", nullptr, 0, 0) < 0; },
                   [&] { d.block_rebase("vda", std::nullopt); },
                   [&] { return d.try_block_rebase("vda", std::nullopt); });
  same_error<void>([&] { return virDomainBlockCommit(cd, "vda", nullptr, nullptr, 0, 0) < 0; },
                   [&] { d.block_commit("vda"); }, [&] { return d.try_block_commit("vda"); });
  const char *dest = "<disk type='file'><source file='/tmp/copy.img'/></disk>";
  same_error<void>([&] { return virDomainBlockCopy(cd, "vda", dest, nullptr, 0, 0) < 0; },
                   [&] { d.block_copy("vda", dest); },
                   [&] { return d.try_block_copy("vda", dest); });
  same_error<void>([&] { return virDomainBackupBegin(cd, nullptr, nullptr, 0) < 0; },
                   [&] { d.backup_begin(); }, [&] { return d.try_backup_begin(); });
  same_error<std::string>([&] { return virDomainBackupGetXMLDesc(cd, 0) == nullptr; },
                          [&] { return d.backup_xml(); }, [&] { return d.try_backup_xml(); });
}

}  // namespace

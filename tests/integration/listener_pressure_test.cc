// The public listener under the load that used to take it down: thousands of connections that
// send nothing and hundreds that trickle a header byte now and then, all open while Exchange's
// callbacks are acknowledged on the first attempt and /healthz answers.
#include <Poco/Net/StreamSocket.h>
#include <Poco/URI.h>
#include <sys/resource.h>

#include <vector>

#include "pipeline_fixture.h"

namespace itest {
namespace {

using std::chrono::seconds;

class ListenerPressureTest : public PipelineTest {
 protected:
  // The test's and the daemon's ends of every connection are descriptors (the daemon raises
  // its own limit to the hard one; this process does the same before starting it).
  static void SetUpTestSuite() {
    rlimit files{};
    getrlimit(RLIMIT_NOFILE, &files);
    files.rlim_cur = files.rlim_max;
    setrlimit(RLIMIT_NOFILE, &files);
  }
  // Every connection here comes from 127.0.0.1.
  std::string daemonConfig() const override {
    return "[public]\nmax_connections_per_address = 100000\n";
  }
};

TEST_F(ListenerPressureTest, CallbacksAreAcknowledgedWhileThousandsOfIdleAndSlowConnectionsWait) {
  rlimit files{};
  getrlimit(RLIMIT_NOFILE, &files);
  size_t idle = 2000, slow = 800;
  const size_t room = files.rlim_cur > 300 ? files.rlim_cur - 300 : 0;
  if (idle + slow > room) {
    idle = room * 5 / 7;
    slow = room * 2 / 7;
  }
  ASSERT_GE(idle + slow, 400u) << "RLIMIT_NOFILE too low: " << files.rlim_cur;
  Poco::URI uri(reg_.callbackUrl);
  const Poco::Net::SocketAddress address(uri.getHost(), uri.getPort());
  std::vector<Poco::Net::StreamSocket> held;
  held.reserve(idle + slow);
  for (size_t i = 0; i < idle + slow; ++i) {
    held.emplace_back(address);
    if (i >= idle) {
      held.back().sendBytes("P", 1);
    }
  }
  for (int i = 0; i < 10; ++i) {
    const std::string id = "item-" + std::to_string(i);
    addMail(id, "Mail " + std::to_string(i));
    const fakes::PushOutcome outcome = pushNewMail(reg_.callbackUrl, id);
    EXPECT_EQ(outcome.status, fakes::PushOutcome::Status::kOk) << outcome.lastError;
    EXPECT_EQ(outcome.attempts, 1);
    for (size_t s = idle; s < idle + slow; s += 4) {
      held[s].sendBytes("O", 1);
    }
    EXPECT_EQ(httpRequest("GET", daemon_->publicBase() + "/healthz").status, 200);
  }
  ASSERT_TRUE(cns_->waitForPushes(10, seconds(30))) << daemon_->log();
  const std::string m = metrics();
  EXPECT_GE(metricValue(m, "enp_http_connections{listener=\"public\",state=\"open\"}"),
            static_cast<double>(idle + slow));
  EXPECT_EQ(
      metricValue(m, "enp_http_connections_refused_total{listener=\"public\",reason=\"total\"}"),
      0);
}

}  // namespace
}  // namespace itest

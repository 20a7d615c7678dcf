// Runs the tests' Dovecot stand-alone, for trying ENP's IMAP and POP3 code by hand:
//   build/tests/imap/dovecot-test-server [--no-tls] [--no-idle] [--user NAME:PASSWORD]...
// prints its ports, CA file, users and directory (deliver with
// `doveadm -c <directory>/dovecot.conf save -u NAME -m INBOX < mail.eml`), and stops (removing
// everything) when stdin closes (Ctrl-D) or on Ctrl-C. The browser test starts it so.
#include <poll.h>
#include <signal.h>
#include <unistd.h>

#include <cstring>
#include <iostream>
#include <string>

#include "dovecot_server.h"

int main(int argc, char** argv) {
  testsupport::DovecotOptions options;
  bool ownUsers = false;
  for (int i = 1; i < argc; ++i) {
    const std::string user = i + 1 < argc ? argv[i + 1] : "";
    if (std::strcmp(argv[i], "--user") == 0 && user.find(':') != std::string::npos) {
      if (!ownUsers) {
        options.users.clear();
        ownUsers = true;
      }
      options.users.emplace_back(user.substr(0, user.find(':')), user.substr(user.find(':') + 1));
      ++i;
    } else if (std::strcmp(argv[i], "--no-tls") == 0) {
      options.tls = false;
    } else if (std::strcmp(argv[i], "--no-idle") == 0) {
      options.idle = false;
    } else {
      std::cerr << "usage: dovecot-test-server [--no-tls] [--no-idle] [--user NAME:PASSWORD]...\n"
                   "  Starts Dovecot on free loopback ports with the users given (default "
                   "alice/secret and\n  bob/hunter2); stops when stdin closes or on Ctrl-C.\n";
      return std::strcmp(argv[i], "--help") == 0 ? 0 : 2;
    }
  }
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigprocmask(SIG_BLOCK, &signals, nullptr);
  try {
    testsupport::DovecotServer server(options);
    std::cout << "imap (STARTTLS) 127.0.0.1:" << server.imapPort() << "\n";
    if (options.tls) {
      std::cout << "imaps 127.0.0.1:" << server.imapsPort()
                << "\npop3 (STLS) 127.0.0.1:" << server.pop3Port()
                << "\npop3s 127.0.0.1:" << server.pop3sPort() << "\nCA file " << server.caFile()
                << "\n";
    } else {
      std::cout << "pop3 127.0.0.1:" << server.pop3Port() << "\n";
    }
    std::cout << "users";
    for (const auto& [name, password] : options.users) {
      std::cout << " " << name << "/" << password;
    }
    std::cout << "\ndirectory " << server.directory() << std::endl;
    // Wait for stdin to close or a signal.
    pollfd in{0, POLLIN, 0};
    timespec zero{0, 0};
    while (sigtimedwait(&signals, nullptr, &zero) < 0) {
      if (poll(&in, 1, 200) > 0) {
        char buffer[256];
        if (read(0, buffer, sizeof buffer) <= 0) {
          break;
        }
      }
    }
  } catch (const std::exception& e) {
    std::cerr << "dovecot-test-server: " << e.what() << "\n";
    return 1;
  }
  return 0;
}

// Engine table, part 3: VIP matching. Every row is Tue 2026-11-17 18:00 CET (UTC+1) in
// Europe/Berlin, after Mon–Fri 09:00–17:30, unless it says otherwise. VIP entries are written
// as an admin might type them; the registration helpers normalise them.
#include "engine_cases_parts.h"

namespace rules_test {

using rules::Rule;

namespace {
constexpr const char* kTuesdayEvening = "Tue 2026-11-17 18:00 CET (UTC+1)";
constexpr const char* kTuesdayEveningUtc = "2026-11-17T17:00:00Z";
constexpr const char* kBobX500 =
    "/o=Contoso/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn=bob";
}  // namespace

std::vector<EngineCase> vipCases() {
  const EngineCase base{.name = "", .local = kTuesdayEvening, .at = kTuesdayEveningUtc};
  auto vip = [&](const char* name, std::vector<std::string> vips, const char* sender,
                 const char* reason = "") {
    EngineCase c = base;
    c.name = name;
    c.vips = std::move(vips);
    c.sender = sender;
    c.deliver = true;
    c.rule = Rule::kVipAfterHours;
    c.reason = reason;
    return c;
  };
  auto notVip = [&](const char* name, std::vector<std::string> vips, const char* sender,
                    const char* reason = "") {
    EngineCase c = base;
    c.name = name;
    c.vips = std::move(vips);
    c.sender = sender;
    c.reason = reason;
    return c;
  };
  std::vector<EngineCase> cases = {
      vip("VipEntryUpperCase", {"BOB@Contoso.COM"}, "bob@contoso.com"),
      vip("VipSenderMixedCase", {"bob@contoso.com"}, "Bob@CONTOSO.com",
          "but Bob@CONTOSO.com is a VIP"),
      vip("VipEntryWithSurroundingWhitespace", {"  bob@contoso.com\t"}, "bob@contoso.com"),
      vip("VipSenderWithSurroundingWhitespace", {"bob@contoso.com"}, "  bob@contoso.com "),
      vip("VipQuotedDisplayName", {"\"Bob Smith\" <Bob@Contoso.com>"}, "bob@contoso.com"),
      vip("VipPlainDisplayName", {"Bob <bob@contoso.com>"}, "bob@contoso.com"),
      vip("VipAngleBracketsOnly", {" <bob@contoso.com> "}, "bob@contoso.com"),
      vip("VipSmtpPrefix", {"SMTP:Bob@contoso.com"}, "bob@contoso.com"),
      vip("VipDomainEntry", {"@Contoso.com"}, "alice@contoso.com",
          "but alice@contoso.com is a VIP (@contoso.com)"),
      vip("VipWildcardDomainEntry", {"*@contoso.com"}, "alice@contoso.com"),
      vip("VipSecondOfSeveral", {"carol@fabrikam.com", "@fabrikam.net", "bob@contoso.com"},
          "bob@contoso.com"),
      notVip("VipDomainDoesNotCoverSubdomain", {"@contoso.com"}, "alice@eu.contoso.com",
             "alice@eu.contoso.com is not a VIP"),
      notVip("VipDomainIsNotASuffixMatch", {"@contoso.com"}, "bob@notcontoso.com"),
      notVip("VipOtherAddress", {"alice@contoso.com"}, "bob@contoso.com"),
      notVip("VipLocalPartIsNotADomain", {"bob@contoso.com"}, "bob@contoso.com.evil.example"),
  };
  // Saturday night: not a work day, weekend alerts off, the VIP rule still delivers.
  EngineCase weekend = vip("VipOnSaturdayNight", {"bob@contoso.com"}, "bob@contoso.com");
  weekend.local = "Sat 2026-11-21 22:15 CET (UTC+1)";
  weekend.at = "2026-11-21T21:15:00Z";
  cases.push_back(weekend);

  // Internal senders: EWS gives an X.500 address with routing type EX; the fetcher adds the
  // SMTP address (PidTagSenderSmtpAddress) and the rules match on that.
  EngineCase ex = vip("ExSenderMatchedThroughSmtp", {"bob@contoso.com"}, kBobX500);
  ex.senderSmtp = "Bob@contoso.com";
  cases.push_back(ex);
  ex = vip("ExSenderMatchedThroughSmtpDomain", {"@contoso.com"}, kBobX500);
  ex.senderSmtp = "bob@contoso.com";
  cases.push_back(ex);
  ex = notVip("ExSenderOtherSmtpNotVip", {"bob@contoso.com"}, kBobX500,
              "carol@contoso.com is not a VIP");
  ex.senderSmtp = "carol@contoso.com";
  cases.push_back(ex);
  ex = notVip("ExSenderWithoutSmtpNeverMatches", {"bob@contoso.com", "@contoso.com"}, kBobX500,
              "the sender has no SMTP address");
  cases.push_back(ex);
  return cases;
}

const std::vector<EngineCase>& engineCases() {
  static const std::vector<EngineCase> all = [] {
    std::vector<EngineCase> cases = hoursCases();
    for (auto part : {zoneCases(), vipCases()}) {
      cases.insert(cases.end(), part.begin(), part.end());
    }
    return cases;
  }();
  return all;
}

}  // namespace rules_test

#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/api_token_store.h"

namespace enp::admin {

/// API tokens for automation (Authorization: Bearer on every /api/v1/admin route but the
/// session-only ones), each with a role (as a user's) and an optional expiry, after which it is
/// refused (401 saying so). Admin role only:
///   GET    /api/v1/admin/api-tokens       -> [{id, label, role, createdBy, createdAt,
///                                            lastUsedAt?, revokedAt?, expiresAt?, expired?}]
///   POST   /api/v1/admin/api-tokens       {label, role? (admin), expiresInDays? (1..3650;
///                                            none = never)} -> 201 {id, label, token, role,
///                                            expiresAt?} (token shown once)
///   DELETE /api/v1/admin/api-tokens/{id}  -> 204; 404 unknown or already revoked
class ApiTokensHandler {
 public:
  explicit ApiTokensHandler(ApiTokenStore& tokens) : tokens_(tokens) {}

  void addRoutes(RouteTable* routes);

 private:
  void list(AdminCall& call);
  void create(AdminCall& call);
  void revoke(AdminCall& call);

  ApiTokenStore& tokens_;
};

}  // namespace enp::admin

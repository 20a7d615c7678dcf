#pragma once

#include "enp/admin/admin_call.h"
#include "enp/store/api_token_store.h"

namespace enp::admin {

/// API tokens for automation (Authorization: Bearer on every /api/v1/admin route but the
/// session-only ones):
///   GET    /api/v1/admin/api-tokens       -> [{id, label, createdBy, createdAt, lastUsedAt?,
///                                            revokedAt?}]
///   POST   /api/v1/admin/api-tokens       {label} -> 201 {id, label, token} (token shown once)
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

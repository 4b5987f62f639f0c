//! Members of a workspace: list, change a role, remove. A workspace always keeps at
//! least one Administrator.

use actix_web::{HttpRequest, HttpResponse, delete, get, put, web};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, Role, require};
use crate::domain::membership::{Invitation, Membership};
use crate::domain::user::User;
use crate::domain::{Repo, Stored, UserId, WorkspaceId};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Serialize, utoipa::ToSchema)]
#[serde(rename_all = "camelCase")]
pub struct MemberView {
    pub user_id: Option<String>,
    pub email: String,
    pub name: Option<String>,
    pub role: Role,
    /// True for invitations not yet accepted.
    pub pending: bool,
}

/// List members and pending invitations.
#[utoipa::path(operation_id = "workspacesMembersList", get, path = "/api/v1/workspaces/{workspaceId}/members", tag = "workspaces",
    params(("workspaceId" = String, Path, description = "The workspace")),
    responses((status = 200, description = "Members", body = [MemberView]), (status = 403, description = "Not a member")))]
#[get("/workspaces/{workspaceId}/members")]
pub async fn list(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = WorkspaceId::parse(&path.into_inner())?;
    require(&state, &user, id.as_str(), Permission::ViewPublished).await?;
    let of_workspace = Query::all().eq("workspaceId", id.as_str());
    let users = Repo::<User>::new(state.store.as_ref());
    let mut views = Vec::new();
    for membership in Repo::<Membership>::new(state.store.as_ref())
        .find(&of_workspace)
        .await?
    {
        if let Some(member) = users.find_by_id(&membership.value.user_id).await? {
            views.push(MemberView {
                user_id: Some(member.id),
                email: member.value.email.as_str().to_owned(),
                name: Some(member.value.name),
                role: membership.value.role,
                pending: false,
            });
        }
    }
    for invitation in Repo::<Invitation>::new(state.store.as_ref())
        .find(&of_workspace)
        .await?
    {
        views.push(MemberView {
            user_id: None,
            email: invitation.value.email,
            name: None,
            role: invitation.value.role,
            pending: true,
        });
    }
    Ok(envelope::ok(views))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ChangeRoleBody {
    pub role: Role,
}

async fn membership_of(
    state: &AppState,
    workspace: &WorkspaceId,
    user: &UserId,
) -> Result<Stored<Membership>, ApiError> {
    Repo::<Membership>::new(state.store.as_ref())
        .find_one(&Query::all().eq("key", format!("{workspace}:{user}")))
        .await?
        .ok_or_else(|| ApiError::NotFound("That person is not a member of this workspace.".into()))
}

async fn ensure_another_admin(
    state: &AppState,
    workspace: &WorkspaceId,
    leaving: &Membership,
) -> Result<(), ApiError> {
    if leaving.role != Role::Administrator {
        return Ok(());
    }
    let admins = Repo::<Membership>::new(state.store.as_ref())
        .find(&Query::all().eq("workspaceId", workspace.as_str()))
        .await?
        .into_iter()
        .filter(|m| m.value.role == Role::Administrator)
        .count();
    if admins <= 1 {
        return Err(ApiError::Conflict(
            "A workspace needs at least one Administrator. Make someone else Administrator first."
                .into(),
        ));
    }
    Ok(())
}

/// Change a member's role (administrators).
#[utoipa::path(operation_id = "workspacesMembersChangeRole", put, path = "/api/v1/workspaces/{workspaceId}/members/{userId}", tag = "workspaces", request_body = ChangeRoleBody,
    params(("workspaceId" = String, Path, description = "The workspace"), ("userId" = String, Path, description = "The member")),
    responses((status = 200, description = "Changed"), (status = 403, description = "Not an administrator"), (status = 409, description = "Would leave no Administrator")))]
#[put("/workspaces/{workspaceId}/members/{userId}")]
pub async fn change_role(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    body: web::Json<ChangeRoleBody>,
) -> Result<HttpResponse, ApiError> {
    let (workspace, member) = path.into_inner();
    let (workspace, member) = (WorkspaceId::parse(&workspace)?, UserId::parse(&member)?);
    require(&state, &user, workspace.as_str(), Permission::Manage).await?;
    let mut membership = membership_of(&state, &workspace, &member).await?;
    if body.role != Role::Administrator {
        ensure_another_admin(&state, &workspace, &membership.value).await?;
    }
    membership.value.role = body.role;
    Repo::<Membership>::new(state.store.as_ref())
        .update(&membership.id, membership.version, &membership.value)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.member_role",
        "user",
        member.as_str(),
        Some(workspace.as_str()),
        json!({"role": body.role}),
    )
    .await;
    Ok(envelope::ok(true))
}

/// Remove a member (administrators, or members leaving themselves).
#[utoipa::path(operation_id = "workspacesMembersRemove", delete, path = "/api/v1/workspaces/{workspaceId}/members/{userId}", tag = "workspaces",
    params(("workspaceId" = String, Path, description = "The workspace"), ("userId" = String, Path, description = "The member")),
    responses((status = 200, description = "Removed"), (status = 403, description = "Not allowed"), (status = 409, description = "Would leave no Administrator")))]
#[delete("/workspaces/{workspaceId}/members/{userId}")]
pub async fn remove(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let (workspace, member) = path.into_inner();
    let (workspace, member) = (WorkspaceId::parse(&workspace)?, UserId::parse(&member)?);
    let permission = if member == user.id {
        Permission::ViewPublished
    } else {
        Permission::Manage
    };
    require(&state, &user, workspace.as_str(), permission).await?;
    let membership = membership_of(&state, &workspace, &member).await?;
    ensure_another_admin(&state, &workspace, &membership.value).await?;
    Repo::<Membership>::new(state.store.as_ref())
        .delete(&membership.id)
        .await?;
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.member_remove",
        "user",
        member.as_str(),
        Some(workspace.as_str()),
        json!({}),
    )
    .await;
    Ok(envelope::ok(true))
}

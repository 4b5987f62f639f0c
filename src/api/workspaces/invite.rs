//! `POST /api/v1/workspaces/{id}/invite`: give people a role. Existing accounts become
//! members at once; other e-mails get an invitation that turns into membership when they
//! sign up or log in.

use actix_web::{HttpRequest, HttpResponse, post, web};
use serde::Deserialize;
use serde_json::json;

use crate::api::envelope;
use crate::auth::CurrentUser;
use crate::auth::permissions::{Permission, Role, require};
use crate::domain::membership::{Invitation, Membership};
use crate::domain::user::User;
use crate::domain::{Email, Repo, WorkspaceId, new_id};
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::Query;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InviteBody {
    pub emails: Vec<String>,
    pub role: Role,
}

/// Invite people to a workspace with a role.
#[utoipa::path(operation_id = "workspacesInvite", post, path = "/api/v1/workspaces/{workspaceId}/invite", tag = "workspaces", request_body = InviteBody,
    params(("workspaceId" = String, Path, description = "The workspace")),
    responses((status = 200, description = "Members added and invitations created"), (status = 403, description = "May not grant this role")))]
#[post("/workspaces/{workspaceId}/invite")]
pub async fn invite(
    state: web::Data<AppState>,
    req: HttpRequest,
    user: CurrentUser,
    path: web::Path<String>,
    body: web::Json<InviteBody>,
) -> Result<HttpResponse, ApiError> {
    let id = WorkspaceId::parse(&path.into_inner())?;
    let (_, my_role) = require(&state, &user, id.as_str(), Permission::Develop).await?;
    if !my_role.can_grant(body.role) {
        return Err(ApiError::Forbidden(format!(
            "Your role ({}) cannot grant the role {}.",
            my_role.label(),
            body.role.label()
        )));
    }
    if body.emails.is_empty() || body.emails.len() > 100 {
        return Err(ApiError::invalid_at(
            "INVALID_EMAILS",
            "emails",
            "Give 1 to 100 e-mail addresses.",
        ));
    }
    let emails = body
        .emails
        .iter()
        .map(|e| Email::parse(e))
        .collect::<Result<Vec<_>, _>>()?;
    let users = Repo::<User>::new(state.store.as_ref());
    let memberships = Repo::<Membership>::new(state.store.as_ref());
    let invitations = Repo::<Invitation>::new(state.store.as_ref());
    let (mut added, mut invited) = (Vec::new(), Vec::new());
    for email in emails {
        if let Some(member) = users
            .find_one(&Query::all().eq("email", email.as_str()))
            .await?
        {
            let key = format!("{id}:{}", member.id);
            match memberships
                .find_one(&Query::all().eq("key", key.as_str()))
                .await?
            {
                Some(mut existing) => {
                    existing.value.role = body.role;
                    memberships
                        .update(&existing.id, existing.version, &existing.value)
                        .await?;
                }
                None => {
                    memberships
                        .insert(
                            &new_id(),
                            &Membership::new(id.as_str(), &member.id, body.role),
                        )
                        .await?;
                }
            }
            added.push(email.as_str().to_owned());
        } else {
            let key = format!("{id}:{}", email.as_str());
            let invitation = Invitation {
                workspace_id: id.to_string(),
                email: email.as_str().to_owned(),
                role: body.role,
                invited_by: user.id.to_string(),
                key: key.clone(),
            };
            match invitations
                .find_one(&Query::all().eq("key", key.as_str()))
                .await?
            {
                Some(existing) => {
                    invitations
                        .update(&existing.id, existing.version, &invitation)
                        .await?;
                }
                None => {
                    invitations.insert(&new_id(), &invitation).await?;
                }
            }
            invited.push(email.as_str().to_owned());
        }
    }
    crate::audit::record(
        &state,
        &req,
        Some(&user),
        "workspace.invite",
        "workspace",
        id.as_str(),
        Some(id.as_str()),
        json!({"added": added, "invited": invited, "role": body.role}),
    )
    .await;
    Ok(envelope::ok(json!({ "added": added, "invited": invited })))
}

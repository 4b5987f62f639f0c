//! Turns pending invitations for an e-mail into memberships, at sign-up and log-in.

use crate::domain::Repo;
use crate::domain::membership::{Invitation, Membership};
use crate::domain::new_id;
use crate::error::ApiError;
use crate::startup::AppState;
use crate::store::{Query, StoreError};

pub async fn accept_all(state: &AppState, email: &str, user_id: &str) -> Result<(), ApiError> {
    let invitations = Repo::<Invitation>::new(state.store.as_ref());
    let memberships = Repo::<Membership>::new(state.store.as_ref());
    for invitation in invitations.find(&Query::all().eq("email", email)).await? {
        let membership = Membership::new(
            &invitation.value.workspace_id,
            user_id,
            invitation.value.role,
        );
        match state
            .store
            .insert(
                "memberships",
                &new_id(),
                &serde_json::to_value(&membership).map_err(|e| ApiError::Internal(e.into()))?,
            )
            .await
        {
            // Already a member (e.g. invited twice): keep the existing role.
            Ok(_) | Err(StoreError::Duplicate { .. }) => {}
            Err(err) => return Err(err.into()),
        }
        invitations.delete(&invitation.id).await?;
    }
    let _ = memberships;
    Ok(())
}

//! Cognito pre sign-up trigger: confirm users of one email domain right away, reject sign-ups
//! from a blocked domain, and leave everyone else to Cognito's normal confirmation.
//!
//! Cognito expects the whole event back, with `response` filled in: the handler takes the event
//! by value, sets `response.auto_confirm_user` (and friends) and returns it. Returning an error
//! rejects the sign-up; Cognito shows the error message to the user.
//!
//! Run locally: `cargo run -p typed-lambda --example cognito_pre_signup -- runtime/examples/events/cognito_pre_signup.json`

use typed_lambda::events::cognito::{CognitoTriggerSource, PreSignUpEvent};
use typed_lambda::{handle_func, Context, Error};

const TRUSTED_DOMAIN: &str = "@example.com";
const BLOCKED_DOMAIN: &str = "@spam.example";

fn pre_sign_up(mut event: PreSignUpEvent, _ctx: &Context) -> Result<PreSignUpEvent, Error> {
    let email = event
        .request
        .user_attributes
        .get("email")
        .map(|value| value.as_str())
        .unwrap_or_default();
    if email.ends_with(BLOCKED_DOMAIN) {
        return Err(Error::new(
            "SignUpRejected",
            format!("sign-ups from {BLOCKED_DOMAIN} are not accepted"),
        ));
    }
    match event.trigger_source {
        // self sign-up and admin-created users: trust the company domain
        CognitoTriggerSource::PreSignUpSignUp | CognitoTriggerSource::PreSignUpAdminCreateUser
            if email.ends_with(TRUSTED_DOMAIN) =>
        {
            event.response.auto_confirm_user = Some(true);
            event.response.auto_verify_email = Some(true);
        }
        // federated users were verified by their identity provider
        CognitoTriggerSource::PreSignUpExternalProvider => {
            event.response.auto_confirm_user = Some(true);
        }
        // anything else (including trigger sources newer than this code): Cognito's defaults
        _ => {}
    }
    tracing::info!(
        user = %event.user_name,
        source = %event.trigger_source,
        auto_confirm = ?event.response.auto_confirm_user,
        "pre sign-up"
    );
    Ok(event)
}

fn main() {
    handle_func(pre_sign_up)
}

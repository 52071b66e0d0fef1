-- The identity-provider account each single sign-on user is bound to (docs/admin-guide.md#single-sign-on-with-openid-connect-launcher):
-- the issuer and the ID token's 'sub', which the provider never reassigns, unlike the user name or e-mail claims. A
-- console user signs on only as the account bound at their first sign-in: a provider account renamed later still
-- signs in as its Gatehouse user, and another account given the same name at the provider is refused.
-- subject_key is the SHA-256 (hex) of issuer, a line feed and subject: one short key for any issuer and subject;
-- user_key the user name in lower case: one account per name and issuer, whatever two sign-ins racing do.
CREATE TABLE gh_console_user_subject (
    subject_key VARCHAR(64) NOT NULL,
    issuer VARCHAR(500) NOT NULL,
    subject VARCHAR(255) NOT NULL,
    user_name VARCHAR(100) NOT NULL,
    user_key VARCHAR(100) NOT NULL,
    bound_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (subject_key),
    CONSTRAINT uq_gh_console_user_subject_user UNIQUE (issuer, user_key)
);

-- Console users managed in Gatehouse (the embedded launcher; docs/admin-guide.md#users): name, roles (container
-- role names, which the capability policy maps to capabilities), a PBKDF2 password hash (none until an invited
-- user sets one, none for a single sign-on user), disabled and last sign-in times. admin-users.properties stays
-- the bootstrap and break-glass source and wins over a row of the same name.
CREATE TABLE gh_console_user (
    name VARCHAR(100) NOT NULL,
    display_name VARCHAR(200),
    email VARCHAR(320),
    roles VARCHAR(2000) NOT NULL,
    source VARCHAR(16) NOT NULL,
    password_hash VARCHAR(200),
    created_by VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    disabled_at TIMESTAMP WITH TIME ZONE,
    disabled_by VARCHAR(200),
    last_sign_in_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (name)
);

-- One-time links (an invitation, a password reset): only the SHA-256 of the link's secret is stored; a link
-- works once, before it expires.
CREATE TABLE gh_console_user_link (
    secret_hash VARCHAR(64) NOT NULL,
    user_name VARCHAR(100) NOT NULL,
    purpose VARCHAR(16) NOT NULL,
    created_by VARCHAR(200),
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (secret_hash)
);
CREATE INDEX ix_gh_console_user_link_user ON gh_console_user_link (user_name);

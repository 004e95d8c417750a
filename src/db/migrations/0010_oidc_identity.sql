-- An account signed in through OpenID Connect is linked to the provider's identity (issuer and
-- subject) at its first sign-in: later sign-ins find it by that identity, not by an e-mail
-- address that the provider or its user may change.
ALTER TABLE users ADD COLUMN oidc_issuer text;
ALTER TABLE users ADD COLUMN oidc_subject text;
CREATE UNIQUE INDEX users_oidc_identity ON users (oidc_issuer, oidc_subject) WHERE oidc_subject IS NOT NULL;

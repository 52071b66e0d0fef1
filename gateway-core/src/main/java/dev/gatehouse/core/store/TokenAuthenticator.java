package dev.gatehouse.core.store;

import dev.gatehouse.core.token.ParsedToken;

/**
 * Checks a well-formed token against the database state as of this call: no positive cache, so a
 * revocation committed on any node is honoured by the very next request everywhere.
 */
public interface TokenAuthenticator {
    Authentication authenticate(ParsedToken token);
}

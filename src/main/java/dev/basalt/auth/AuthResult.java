package dev.basalt.auth;

import dev.basalt.records.Record;
import java.util.Map;

/**
 * A successful authentication: the token and the authenticated record, plus provider metadata
 * for OAuth2 logins ({@code meta}, null otherwise).
 */
public record AuthResult(String token, Record record, Map<String, Object> meta) implements AuthOutcome {}

package io.sipsensor.web;

/**
 * A request authenticated by an API token ({@code Authorization: Bearer sst_...}) instead of a session cookie: it
 * gets a session-shaped principal named {@code token:NAME} with the token's role. Such a request needs no CSRF token
 * (a browser never sends the header by itself, so no other site can make it), and it reaches {@code /api/} only.
 */
final class BearerAuth
{
    private BearerAuth()
    {
    }

    /**
     * @param tokens    the spool's tokens.
     * @param presented the token sent.
     * @return the principal, or null when the token is unknown or revoked.
     */
    static Sessions.Session session(final ApiTokens tokens, final String presented)
    {
        final ApiTokens.Token token = tokens.find(presented);
        return token == null ? null :
            new Sessions.Session("", "token:" + token.name(), token.role(), token.hash(), "", 0);
    }
}

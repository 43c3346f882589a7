package io.sipsensor.web;

/**
 * What a user of the web interface may do.
 */
public enum Role
{
    /** Reads every page and report. */
    VIEWER,
    /** Also changes things: users, later the license. */
    ADMIN;

    /**
     * @param text "admin" or "viewer", any case.
     * @return the role, or null if the text names none.
     */
    public static Role parse(final String text)
    {
        for (final Role role : values())
        {
            if (role.name().equalsIgnoreCase(text))
            {
                return role;
            }
        }
        return null;
    }

    /** @return the name as the users file and the API write it. */
    public String text()
    {
        return name().toLowerCase();
    }
}

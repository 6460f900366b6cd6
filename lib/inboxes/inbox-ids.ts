// The two inboxes every install has (made by the inboxes_and_teams migration): the application
// configured by the VONAGE_* variables, and Unrouted.

/** The application from the environment: every conversation from before inboxes came in through it. */
export const ENVIRONMENT_INBOX_ID = "cinboxenvironment00000001";

/** Messages to a number no inbox serves: kept, for admins, never dropped. */
export const UNROUTED_INBOX_ID = "cinboxunrouted00000000001";

/** Sizes both sides enforce: the service refuses longer input, the extension refuses it before sending. */

export const LIMITS = {
  usernameMin: 3,
  usernameMax: 30,
  displayNameMax: 50,
  passwordMin: 8,
  passwordMax: 200,
  roomTitleMax: 100,
  roomDescriptionMax: 500,
  /** Room ids one lookup may ask about. */
  lookupRoomIdsMax: 100,
  /** Handles one live lookup may ask about. */
  lookupHandlesMax: 200,
  /** Handles one account may claim. */
  handlesPerAccountMax: 10,
  /** Hosts `GET /v1/live-hosts` lists at most per site (`truncated` past that). */
  liveHostsMax: 1000,
} as const;

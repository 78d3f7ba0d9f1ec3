// The default rooms of the fake Netless service (test/fake-netless/rooms.mjs), shared by the unit and
// integration suites.
/** The default rooms of the fake service, by what the tests use them for. */
export const ROOMS = {
  /** us-sv; /test holds cover and page1, as in the reference's directory example. */
  reference: 'faed3130727911ebaea37759ee91947c',
  /** us-sv; the uuid of the reference's single-scene example. */
  single: 'a7e04xxxxx7d1eca69',
  /** sg; Unicode scene names. */
  unicode: '0f3c9a52b7d14e6f8a21c4d5e6f70812',
  /** in-mum; nested directories under /course. */
  course: 'c4b2e1d0a9f84c7b8e6d5c4b3a291807',
  /** eu; /deck holds 1,000 scenes. */
  deck: 'd8e7f6a5b4c3d2e1f0a9b8c7d6e5f401',
  /** cn-hz. */
  hangzhou: '5d2f8e7a1b3c4d6e9f0a1b2c3d4e5f60',
} as const;

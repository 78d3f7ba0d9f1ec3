// @ts-check
// The rooms the fake service knows unless told otherwise: one per region, the two rooms of the
// screenshot reference's examples, Unicode scene names, nested directories and a 1,000-scene deck.

/** @typedef {'us-sv' | 'sg' | 'in-mum' | 'eu' | 'cn-hz'} Region */

/**
 * @typedef {object} FakeRoom
 * @property {string} uuid
 * @property {string} name       for people (the demo's settings); the API does not know it
 * @property {Region} region     the only region in which the room answers
 * @property {string[]} scenes   full scene paths; directories are their prefixes
 * @property {string} [createdAt]
 * @property {boolean} [isRecord]
 * @property {boolean} [isBan]
 * @property {number} [limit]
 * @property {number} [latencyMs] added to every answer about this room
 */

/** The directory of the 1,000-scene room that holds all of them. */
export const DECK_DIRECTORY = '/deck';

/** @param {number} count */
function deck(count) {
  return Array.from({ length: count }, (_, i) => `${DECK_DIRECTORY}/slide-${String(i + 1).padStart(4, '0')}`);
}

/** @returns {FakeRoom[]} a fresh copy, safe to change */
export function defaultRooms() {
  return [
    {
      // The room of the reference's scene-directory example: /test holds cover and page1.
      uuid: 'faed3130727911ebaea37759ee91947c',
      name: 'Reference example',
      region: 'us-sv',
      scenes: ['/init', '/test/cover', '/test/page1'],
      createdAt: '2021-04-14T06:40:40.620Z',
    },
    {
      // The room of the reference's single-scene example (its uuid as printed there).
      uuid: 'a7e04xxxxx7d1eca69',
      name: 'Single scene example',
      region: 'us-sv',
      scenes: ['/init'],
      createdAt: '2021-03-01T08:00:00.000Z',
    },
    {
      uuid: '0f3c9a52b7d14e6f8a21c4d5e6f70812',
      name: 'Unicode scenes',
      region: 'sg',
      scenes: ['/init', '/课程/第一页', '/课程/第二页', '/Präsentation/Übersicht', '/日本語/スライド 1', '/emoji/🎨 board'],
      createdAt: '2022-09-12T02:15:00.000Z',
    },
    {
      uuid: 'c4b2e1d0a9f84c7b8e6d5c4b3a291807',
      name: 'Course with nested directories',
      region: 'in-mum',
      // Directories at several depths (#22: a whole room is one screenshot-list per directory that holds scenes).
      scenes: ['/init', '/course/week1/intro', '/course/week1/exercise', '/course/week2/intro', '/course/week2/lab/part1', '/course/summary'],
      createdAt: '2023-01-20T10:30:00.000Z',
    },
    {
      uuid: 'd8e7f6a5b4c3d2e1f0a9b8c7d6e5f401',
      name: '1,000-scene deck',
      region: 'eu',
      scenes: ['/init', ...deck(1000)],
      createdAt: '2023-06-05T14:00:00.000Z',
    },
    {
      uuid: '5d2f8e7a1b3c4d6e9f0a1b2c3d4e5f60',
      name: 'Team stand-up',
      region: 'cn-hz',
      scenes: ['/init', '/test/cover', '/test/page1', '/test/page2'],
      createdAt: '2020-11-11T11:11:11.000Z',
    },
  ];
}

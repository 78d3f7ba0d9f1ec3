// @ts-check
// The demo's deck changes between directory shots, as a deck being edited would, so that a second shot of
// it shows what Scene Snap says of a directory: a few scenes changed, one new, one gone (issue 25: before,
// no deck scene ever changed, and "new", "changed" and "Changed only" could not be seen).

/**
 * @param {{ changeScene: (room: string, scene: string) => number, room: (uuid: string) => { scenes: string[] } | undefined }} sandbox
 * @param {string} roomUuid  the deck's room
 * @param {string} directory  the deck's directory, e.g. /deck
 * @returns {{ afterShot: (shotDirectory: string) => string | undefined }}  afterShot says what it changed
 */
export function deckEditor(sandbox, roomUuid, directory) {
  let round = 0;
  return {
    afterShot(shotDirectory) {
      if (shotDirectory.replace(/\/+$/, '') !== directory) return undefined;
      const room = sandbox.room(roomUuid);
      if (!room) return undefined;
      const inDeck = room.scenes.filter((s) => s.startsWith(`${directory}/`));
      if (inDeck.length < 4) return undefined;
      round++;
      // Three scenes spread over the deck, different ones each round.
      const changed = [1, 2, 3].map((k) => inDeck[(k * Math.floor(inDeck.length / 4) + round) % inDeck.length]);
      for (const scene of changed) sandbox.changeScene(roomUuid, scene);
      // One new scene at the end, and one gone near the start (not one just changed).
      const added = `${directory}/added-${String(round).padStart(2, '0')}`;
      room.scenes.push(added);
      const removed = inDeck.find((s, i) => i >= round && !changed.includes(s));
      if (removed) room.scenes.splice(room.scenes.indexOf(removed), 1);
      return `changed ${changed.join(', ')}; added ${added}; removed ${removed ?? 'none'}`;
    },
  };
}

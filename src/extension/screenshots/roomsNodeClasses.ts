import type { DirectoryNode, RoomNode, SceneNode } from '../rooms/roomsView';

/**
 * The Rooms view's node classes, handed by the main bundle to the commands of dist/commands.js: a command
 * recognises the node it was run on by its class, and a copy of roomsView.ts in that bundle would have
 * classes of its own, which no node of the view is an instance of.
 */
export interface RoomsNodeClasses {
  SceneNode: typeof SceneNode;
  DirectoryNode: typeof DirectoryNode;
  RoomNode: typeof RoomNode;
}

import * as vscode from 'vscode';

/** A node of the Rooms view. Rooms and scenes arrive with the rooms tree; until then the view is empty. */
export type RoomsNode = never;

class RoomsTreeProvider implements vscode.TreeDataProvider<RoomsNode> {
  getTreeItem(node: RoomsNode): vscode.TreeItem {
    return node;
  }

  getChildren(): RoomsNode[] {
    // Empty: VS Code shows the view's welcome content (package.json `viewsWelcome`).
    return [];
  }
}

export function registerRoomsView(): vscode.Disposable {
  return vscode.window.createTreeView('sceneSnap.rooms', { treeDataProvider: new RoomsTreeProvider(), showCollapseAll: true });
}

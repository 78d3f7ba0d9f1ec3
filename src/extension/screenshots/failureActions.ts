/** The buttons a failure offers, by error code (DESIGN.md). Pure: no `vscode`. */
export type FailureAction = 'Set Token' | 'Find Region' | 'Edit Room' | 'Add Room' | 'Retry' | 'Show Log';

/** `configured`: the room is in sceneSnap.rooms (else there is nothing to edit, only a room to add). */
export function failureActions(code: string | undefined, context: { room?: string; configured?: boolean; canRetry: boolean }): FailureAction[] {
  const actions: FailureAction[] = [];
  if (code === 'unauthorized' || code === 'forbidden' || code === 'noToken') actions.push('Set Token');
  // A room answers only in its own region: a 404 may just be the wrong one, which the data centres can tell.
  if (code === 'notFound' && context.room) actions.push('Find Region', context.configured ? 'Edit Room' : 'Add Room');
  if ((code === 'network' || code === 'timeout' || code === 'serverError') && context.canRetry) actions.push('Retry');
  actions.push('Show Log');
  return actions;
}

/** The buttons a failure offers, by error code (DESIGN.md). Pure: no `vscode`. */
export type FailureAction = 'Set Token' | 'Edit Room' | 'Retry' | 'Show Log';

export function failureActions(code: string | undefined, context: { room?: string; canRetry: boolean }): FailureAction[] {
  const actions: FailureAction[] = [];
  if (code === 'unauthorized' || code === 'forbidden' || code === 'noToken') actions.push('Set Token');
  if (code === 'notFound' && context.room) actions.push('Edit Room');
  if ((code === 'network' || code === 'timeout' || code === 'serverError') && context.canRetry) actions.push('Retry');
  actions.push('Show Log');
  return actions;
}

// The public surface of the API client, bundled on its own as dist/api.js and loaded on first use
// (src/extension/clientProvider.ts). Nothing here may import `vscode`.
export { REGIONS, REGION_NAMES, isRegion, readRegion, type Region } from './regions';
export { findRegion, type RegionSearch, type RoomInfoCaller } from './findRegion';
export { SceneSnapError, isSceneSnapError, redact, type ErrorCode, type ErrorDetails } from './errors';
export { MAX_SIZE } from './validate';
export { isLoopbackHost } from './loopback';
export { roomUuidProblem, pathProblem, sizeProblem, regionProblem, tokenProblem, baseUrlProblem } from './validate';
export { problemText, problemOrNothing, type Problem, type ProblemId, type PathField, type SizeField } from './problems';
export { describeToken, tokenDecodeProblem, tokenProblemText, tokenWarnings, tokenProblems, summarizeToken, formatDuration, type TokenInfo, type TokenKind, type TokenRole, type TokenProblem } from './token';
export { createClient } from './client';
export { groupByDirectory, walkDirectories, roomOutcome, type DirectoryOutcome, type DirectoryScenes, type WalkOptions } from './sceneWalk';
export { listProjectRooms, pageRooms, type ListedRoomInfo, type ProjectRoom, type ProjectRooms } from './roomList';
export { useWords } from './words';
export type {
  CallOptions,
  ClientOptions,
  NetlessClient,
  ProxyOptions,
  RetryOptions,
  RoomAccess,
  RoomInfo,
  ScreenshotRequest,
  ScreenshotResult,
} from './types';
export * from './download';

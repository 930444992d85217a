import { CELLS, cellAt, COLUMNS, type ConnectFourState, LINES, LINES_THROUGH, outcome, ROWS } from "./connectFour";

/**
 * Connect Four's server bot: iterative-deepening negamax with alpha-beta, columns tried from the centre out,
 * an evaluation of lines of four and winning cells where the search stops, and a node budget, so that a
 * move's cost is bounded and its choice is the same on every machine (a time limit would make both depend
 * on the machine and its load).
 *
 * Bitboards were considered: the usual layout needs 49 bits, and JavaScript's bitwise operators work on 32
 * (BigInt is far slower). Instead the search keeps, for each of the 69 lines of four, how many pieces each
 * seat has in it; a move updates only the lines through its cell (3 to 13). That makes "does this column
 * win" a single lookup and the evaluation incremental.
 */

/** Centre out: central columns take part in more lines, so they are better moves more often, which makes cut-offs earlier. */
export const COLUMN_ORDER: readonly number[] = [3, 2, 4, 1, 5, 0, 6];

/**
 * Positions visited per move, at most. Sized so that a move blocks the event loop for a few milliseconds
 * (measured by "connect four bot move" in loadtest/bench.ts); that is 6 or 7 plies in the middle game,
 * more as the board fills. In bot-against-bot games, twice the nodes did not play better (78 wins to 92
 * in 200 games); four times did (44 to 23 in 100).
 */
export const DEFAULT_NODE_BUDGET = 10_000;

/** A won game scores WIN minus the number of pieces on the board when it was won, so sooner wins score higher. */
export const WIN = 1_000_000;

/**
 * Score of a line of four holding only one seat's pieces, by how many it holds; lines holding both are dead.
 * Single pieces count too, so a central piece (in up to 13 lines) is worth more than an edge one (in 3).
 */
const LINE_WEIGHT = [0, 1, 4, 8, 0];

/** Seat 0's view of one line, indexed by seat 0's count * 5 + seat 1's count. */
const LINE_VALUE: readonly number[] = Array.from({ length: 25 }, (_, i) => {
  const [zero, one] = [Math.floor(i / 5), i % 5];
  if (zero > 0 && one > 0) return 0;
  return LINE_WEIGHT[zero] - LINE_WEIGHT[one];
});

/** LINES_THROUGH flattened for the search: the lines through `cell` are LINE_IDS[LINE_START[cell] .. LINE_START[cell + 1]). */
const LINE_START = new Int32Array(CELLS + 1);
const LINE_IDS = new Int32Array(LINES_THROUGH.reduce((n, lines) => n + lines.length, 0));
LINES_THROUGH.forEach((lines, cell) => {
  LINE_IDS.set(lines, LINE_START[cell]);
  LINE_START[cell + 1] = LINE_START[cell] + lines.length;
});
const LINE_CELLS = Int32Array.from(LINES.flat());
const EMPTY = -1;
// Copied once: under tsx an imported constant is a getter call on every read, too slow for the inner loop.
const FULL_COLUMN = ROWS;
const BOARD_CELLS = CELLS;
const COLUMN_COUNT = COLUMNS;
/** The cell a piece dropped in a column lands on, by the column's height: LANDING_CELL[height * COLUMNS + column]. */
const LANDING_CELL = Int32Array.from({ length: ROWS * COLUMNS }, (_, i) => cellAt(ROWS - 1 - Math.floor(i / COLUMNS), i % COLUMNS));

/**
 * Seat 0's view of a cell where a seat would complete a four, by cell * 2 + seat. Such a cell matters more on
 * the rows where it tends to fall to its owner when the board fills up: counted from the bottom, odd rows for
 * the first player and even rows for the second (Allis's zugzwang rule).
 */
const WIN_CELL_VALUE = Int32Array.from({ length: CELLS * 2 }, (_, i) => {
  const [cell, seat] = [Math.floor(i / 2), i % 2];
  const rowFromBottom = ROWS - Math.floor(cell / COLUMNS);
  const ownParity = rowFromBottom % 2 === (seat === 0 ? 1 : 0);
  const value = ownParity ? 16 : 4;
  return seat === 0 ? value : -value;
});

/**
 * A mutable copy of a position for the search, so each node costs no allocation. Private to one search.
 * Besides the pieces, it keeps for each line how many pieces each seat has in it, and for each cell in how
 * many lines it would complete a four for each seat, so "does this column win now" is one lookup.
 */
class SearchBoard {
  /** The seat whose piece is on each cell, or EMPTY. */
  private readonly owners = new Int8Array(CELLS).fill(EMPTY);
  /** Pieces in each column. */
  private readonly heights = new Int8Array(COLUMNS);
  /** Pieces of each seat in each line: counts[line * 2 + seat]. */
  private readonly counts = new Uint8Array(LINES.length * 2);
  /** Lines that a piece of each seat on each cell would complete: wins[cell * 2 + seat]. */
  private readonly wins = new Uint8Array(CELLS * 2);
  /** Pieces on the board; the seat to move is its parity. */
  played = 0;
  /** The evaluation, seat 0's view: LINE_VALUE over all lines plus WIN_CELL_VALUE over the winning cells. */
  score = 0;

  constructor(state: ConnectFourState) {
    state.board.forEach((seat, cell) => {
      if (seat === null) return;
      this.heights[cell % COLUMNS]++;
      this.place(cell, seat);
    });
    this.played = state.moves.length;
  }

  canPlay(column: number): boolean {
    return this.heights[column] < FULL_COLUMN;
  }

  /** Whether `seat` makes four by dropping in `column` now (which must not be full). */
  winsAt(column: number, seat: number): boolean {
    return this.wins[this.landingCell(column) * 2 + seat] > 0;
  }

  play(column: number): void {
    this.place(this.landingCell(column), this.played & 1);
    this.heights[column]++;
    this.played++;
  }

  undo(column: number): void {
    this.played--;
    this.heights[column]--;
    this.lift(this.landingCell(column), this.played & 1);
  }

  private landingCell(column: number): number {
    return LANDING_CELL[this.heights[column] * COLUMN_COUNT + column];
  }

  private place(cell: number, seat: number): void {
    const counts = this.counts;
    const other = seat ^ 1;
    this.owners[cell] = seat;
    for (let i = LINE_START[cell]; i < LINE_START[cell + 1]; i++) {
      const line = LINE_IDS[i];
      const mine = counts[line * 2 + seat];
      const theirs = counts[line * 2 + other];
      // This cell was where the line would have been completed by whoever held its other three.
      if (theirs === 3 && mine === 0) this.countWin(cell, other, -1);
      if (mine === 3 && theirs === 0) this.countWin(cell, seat, -1);
      // Three of mine and nothing of theirs: its last empty cell now wins for me.
      if (mine === 2 && theirs === 0) this.countWin(this.emptyCellOf(line), seat, 1);
      this.score -= LINE_VALUE[counts[line * 2] * 5 + counts[line * 2 + 1]];
      counts[line * 2 + seat] = mine + 1;
      this.score += LINE_VALUE[counts[line * 2] * 5 + counts[line * 2 + 1]];
    }
  }

  /** The exact reverse of place. */
  private lift(cell: number, seat: number): void {
    const counts = this.counts;
    const other = seat ^ 1;
    for (let i = LINE_START[cell]; i < LINE_START[cell + 1]; i++) {
      const line = LINE_IDS[i];
      const mine = counts[line * 2 + seat];
      const theirs = counts[line * 2 + other];
      if (mine === 3 && theirs === 0) this.countWin(this.emptyCellOf(line), seat, -1);
      if (theirs === 3 && mine === 1) this.countWin(cell, other, 1);
      if (mine === 4) this.countWin(cell, seat, 1);
      this.score -= LINE_VALUE[counts[line * 2] * 5 + counts[line * 2 + 1]];
      counts[line * 2 + seat] = mine - 1;
      this.score += LINE_VALUE[counts[line * 2] * 5 + counts[line * 2 + 1]];
    }
    this.owners[cell] = EMPTY;
  }

  /** A cell's win count for a seat changes; the evaluation counts each winning cell once, whatever the lines through it. */
  private countWin(cell: number, seat: number, delta: 1 | -1): void {
    const before = this.wins[cell * 2 + seat];
    this.wins[cell * 2 + seat] = before + delta;
    if (before === 0 || before + delta === 0) this.score += delta * WIN_CELL_VALUE[cell * 2 + seat];
  }

  /** The one empty cell of a line that holds three pieces. */
  private emptyCellOf(line: number): number {
    for (let i = line * 4; i < line * 4 + 4; i++) if (this.owners[LINE_CELLS[i]] === EMPTY) return LINE_CELLS[i];
    throw new Error(`line ${line} has no empty cell`);
  }
}

/** The nodes one search has visited, against its limit. */
interface NodeCount {
  readonly limit: number;
  visited: number;
  exhausted: boolean;
}

/** The value of the position for the side to move, searched `depth` plies ahead (0 after the budget is spent). */
function negamax(board: SearchBoard, depth: number, alpha: number, beta: number, count: NodeCount): number {
  if (count.visited >= count.limit) {
    count.exhausted = true;
    return 0;
  }
  count.visited++;
  if (board.played === BOARD_CELLS) return 0;
  const me = board.played & 1;
  for (const column of COLUMN_ORDER) if (board.canPlay(column) && board.winsAt(column, me)) return WIN - (board.played + 1);
  if (depth === 0) return me === 0 ? board.score : 0 - board.score; // 0 - x: see below
  // A column where the opponent would win must be taken; two of them cannot both be.
  let forced = -1;
  for (const column of COLUMN_ORDER) {
    if (!board.canPlay(column) || !board.winsAt(column, me ^ 1)) continue;
    if (forced >= 0) return -(WIN - (board.played + 2));
    forced = column;
  }
  let best = -Infinity;
  for (const column of COLUMN_ORDER) {
    if (!board.canPlay(column) || (forced >= 0 && column !== forced)) continue;
    board.play(column);
    // Not -negamax(…): -0 is not a small integer in V8, and boxing it made the whole search a third slower.
    const score = 0 - negamax(board, depth - 1, -beta, -alpha, count);
    board.undo(column);
    if (count.exhausted) return 0;
    if (score > best) {
      best = score;
      if (score > alpha) alpha = score;
      if (alpha >= beta) break;
    }
  }
  return best;
}

export interface ConnectFourSearch {
  /** The columns that share the best score at the deepest search completed; empty once the game is over. */
  readonly moves: number[];
  /** Their score for the side to move: near WIN a forced win, near -WIN a forced loss, otherwise the evaluation. */
  readonly score: number;
  /** Plies searched (the deepest iteration completed within the budget). */
  readonly depth: number;
  /** Nodes visited, never more than the budget. */
  readonly nodes: number;
}

/** How far a search may go: at most `nodes` positions visited, and `depth` plies (the rest of the game by default). */
export interface SearchBudget {
  readonly nodes?: number;
  readonly depth?: number;
}

/**
 * Searches `state` within its budget. A win in one is played at once; otherwise, when the opponent
 * threatens to win, only the blocking columns are considered. Then depth 1, 2, … until the budget runs out,
 * keeping the last depth completed (its best move first in the next one). Pure: `state` is only read.
 */
export function searchConnectFour(state: ConnectFourState, budget: SearchBudget = {}): ConnectFourSearch {
  const { nodes = DEFAULT_NODE_BUDGET, depth: maxDepth = CELLS } = budget;
  if (outcome(state).kind !== "ongoing") return { moves: [], score: 0, depth: 0, nodes: 0 };
  const board = new SearchBoard(state);
  const me = board.played & 1;
  const open = COLUMN_ORDER.filter((column) => board.canPlay(column));
  const wins = open.filter((column) => board.winsAt(column, me));
  if (wins.length > 0) return { moves: wins, score: WIN - (board.played + 1), depth: 1, nodes: 0 };
  const blocks = open.filter((column) => board.winsAt(column, me ^ 1));
  let order = blocks.length > 0 ? blocks : open;

  const count: NodeCount = { limit: nodes, visited: 0, exhausted: false };
  // Until depth 1 completes (only with fewer nodes than candidate columns), the most central candidate.
  let result: Omit<ConnectFourSearch, "nodes"> = { moves: [order[0]], score: 0, depth: 0 };
  for (let depth = 1; depth <= Math.min(maxDepth, CELLS - board.played); depth++) {
    let best = -Infinity;
    let bestMoves: number[] = [];
    for (const column of order) {
      board.play(column);
      // A window of [best - 1, ∞) gives an exact score to every move that ties the best, so ties can be told apart.
      const score = -negamax(board, depth - 1, -Infinity, 1 - best, count);
      board.undo(column);
      if (count.exhausted) break;
      if (score > best) [best, bestMoves] = [score, [column]];
      else if (score === best) bestMoves.push(column);
    }
    if (count.exhausted) break;
    result = { moves: bestMoves, score: best, depth };
    // A forced win or loss found at this depth is final: a deeper search finds neither a sooner win nor an escape.
    if (Math.abs(best) > WIN - CELLS - 1) break;
    order = [...bestMoves, ...order.filter((column) => !bestMoves.includes(column))];
  }
  return { ...result, nodes: count.visited };
}

/** One of the best columns for the side to move, chosen with `random` among equals; null once the game is over. */
export function bestConnectFourMove(state: ConnectFourState, random: () => number, budget: SearchBudget = {}): number | null {
  const { moves } = searchConnectFour(state, budget);
  if (moves.length === 0) return null;
  return moves[Math.min(moves.length - 1, Math.floor(random() * moves.length))];
}

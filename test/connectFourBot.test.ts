import assert from "node:assert/strict";
import { connectFourGame } from "../games/connectFourGame";
import { applyMove, CELLS, COLUMNS, connectFour, ROWS, initialState, legalMoves, outcome, seatToMove, type ConnectFourState } from "../games/connectFour";
import { bestConnectFourMove, DEFAULT_NODE_BUDGET, searchConnectFour, WIN } from "../games/connectFourBot";
import type { Seat } from "../games/types";
import { seededRandom } from "../loadtest/seededRandom";

const render = (s: ConnectFourState) =>
  Array.from({ length: 6 }, (_, row) => s.board.slice(row * COLUMNS, (row + 1) * COLUMNS).map((c) => (c === null ? "." : c === 0 ? "x" : "o")).join("")).join("/");

function applied(state: ConnectFourState, column: number): ConnectFourState {
  const next = applyMove(state, seatToMove(state), column);
  assert.ok(next.ok, `column ${column} rejected in ${render(state)}: ${next.ok ? "" : next.error.code}`);
  return Object.freeze(next.state);
}

const randomMove = (state: ConnectFourState, random: () => number) => {
  const columns = legalMoves(state);
  return columns[Math.floor(random() * columns.length)];
};

/**
 * Columns where `seat` would make four by dropping a piece now, whoever is to move: worked out on the board
 * (the piece's landing cell and the runs of `seat`'s pieces through it), not asked of the bot.
 */
function winningColumns(state: ConnectFourState, seat: Seat): number[] {
  const at = (row: number, column: number) => (row >= 0 && row < ROWS && column >= 0 && column < COLUMNS ? state.board[row * COLUMNS + column] : null);
  return [0, 1, 2, 3, 4, 5, 6].filter((column) => {
    let row = ROWS - 1;
    while (row >= 0 && at(row, column) !== null) row--;
    if (row < 0) return false;
    return [[0, 1], [1, 0], [1, 1], [1, -1]].some(([dr, dc]) => {
      let run = 1;
      for (const sign of [1, -1]) for (let i = 1; at(row + sign * i * dr, column + sign * i * dc) === seat; i++) run++;
      return run >= 4;
    });
  });
}

/**
 * Positions from real games, still in play: games between a random player and the bot at the given strength
 * (so both quiet and sharp positions come up), every position of each.
 */
function positionsFromGames(seed: number, games: number, strength: number): ConnectFourState[] {
  const random = seededRandom(seed);
  const positions: ConnectFourState[] = [];
  for (let g = 0; g < games; g++) {
    let state: ConnectFourState = Object.freeze(initialState());
    const botSeat = g % 2;
    while (outcome(state).kind === "ongoing") {
      positions.push(state);
      const bot = seatToMove(state) === botSeat;
      state = applied(state, bot ? connectFourGame.bot(state, seatToMove(state), random, strength)! : randomMove(state, random));
    }
  }
  return positions;
}

/** A score that says the game is won or lost by force (the evaluation of other positions is far smaller). */
const isForced = (score: number) => Math.abs(score) >= WIN - CELLS;

/**
 * Plain minimax over the rules, with only the end of the game scored as the bot scores it: WIN minus the
 * pieces on the board for the side that wins, 0 for a draw or for anything beyond `plies`.
 */
function forcedValue(state: ConnectFourState, plies: number): number {
  const o = outcome(state);
  if (o.kind === "win") return -(WIN - state.moves.length); // the previous mover won
  if (o.kind === "draw" || plies === 0) return 0;
  let best = -Infinity;
  for (const column of legalMoves(state)) {
    const next = applyMove(state, seatToMove(state), column);
    if (next.ok) best = Math.max(best, -forcedValue(next.state, plies - 1));
  }
  return best;
}

describe("connect four bot", () => {
  let positions: ConnectFourState[];
  before(() => {
    positions = positionsFromGames(1, 120, 0.5);
  });

  it("at full strength wins at least 99% of 200 games against a random player, 100 as each seat", () => {
    const random = seededRandom(2024);
    const results = { won: 0, lost: 0, drawn: 0 };
    const bySeat = [0, 0];
    for (let g = 0; g < 200; g++) {
      const botSeat = (g % 2) as Seat;
      let state = initialState();
      while (outcome(state).kind === "ongoing") {
        const seat = seatToMove(state);
        state = applied(state, seat === botSeat ? connectFourGame.bot(state, seat, random, 1)! : randomMove(state, random));
      }
      const o = outcome(state);
      if (o.kind === "draw") results.drawn++;
      else if (o.kind === "win" && o.winner === botSeat) [results.won++, bySeat[botSeat]++];
      else results.lost++;
    }
    assert.ok(results.won >= 198, JSON.stringify(results));
    assert.ok(bySeat[0] >= 99 && bySeat[1] >= 99, `wins as first and second player: ${bySeat}`);
  });

  it("never misses a win in one", () => {
    const random = seededRandom(3);
    let checked = 0;
    for (const state of positions) {
      const wins = winningColumns(state, seatToMove(state));
      if (wins.length === 0) continue;
      const move = bestConnectFourMove(state, random)!;
      assert.ok(wins.includes(move), `${render(state)}: played ${move}, wins at ${wins}`);
      assert.ok(isForced(searchConnectFour(state).score), "and knows it");
      checked++;
    }
    assert.ok(checked >= 100, `only ${checked} positions with a win in one`);
  });

  it("blocks the opponent's win in one whenever it has no win of its own, and takes its own win over a block", () => {
    const random = seededRandom(4);
    let blocks = 0;
    let winsOverBlocks = 0;
    for (const state of positions) {
      const me = seatToMove(state);
      const threats = winningColumns(state, (1 - me) as Seat);
      if (threats.length === 0) continue;
      const move = bestConnectFourMove(state, random)!;
      const wins = winningColumns(state, me);
      if (wins.length > 0) {
        assert.ok(wins.includes(move), `${render(state)}: played ${move}, wins at ${wins}`);
        winsOverBlocks++;
        continue;
      }
      // With two threats only one can be blocked; the bot still blocks one of them.
      assert.ok(threats.includes(move), `${render(state)}: played ${move}, threats at ${threats}`);
      blocks++;
    }
    assert.ok(blocks >= 100, `only ${blocks} positions with a threat to block`);
    assert.ok(winsOverBlocks >= 10, `only ${winsOverBlocks} positions with a win and a threat`);
  });

  it("sees a forced win two moves ahead: two threats at once, the opponent can block only one", () => {
    // x on the bottom row at columns 2 and 3, o on top of them: x to play 1 or 4 makes an open three.
    let state = initialState();
    for (const column of [2, 2, 3, 3]) state = applied(state, column);
    const search = searchConnectFour(state);
    assert.ok([1, 4].includes(bestConnectFourMove(state, seededRandom(5))!), render(state));
    assert.equal(search.score, WIN - 7, "a forced win with the seventh piece");
    assert.deepEqual([...search.moves].sort(), [1, 4]);
  });

  it("alpha-beta finds exactly the forced wins and losses that plain minimax finds, as soon", () => {
    let [wins, losses] = [0, 0];
    for (const state of positions.filter((_, i) => i % 4 === 0)) {
      const search = searchConnectFour(state, { depth: 4, nodes: Infinity });
      const plain = forcedValue(state, 4);
      if (isForced(plain)) assert.equal(search.score, plain, render(state));
      if (isForced(search.score)) {
        // It may see a little further than 4 plies (a win in one at its horizon, two threats at once).
        const plies = WIN - Math.abs(search.score) - state.moves.length;
        assert.equal(plain === search.score || forcedValue(state, plies) === search.score, true, `${render(state)}: ${search.score} in ${plies} plies`);
        search.score > 0 ? wins++ : losses++;
      }
    }
    assert.ok(wins >= 20 && losses >= 10, `forced wins ${wins}, forced losses ${losses}`);
  });

  it("never visits more nodes than its budget, and spends it when the game is not decided sooner", () => {
    for (const state of positions.filter((_, i) => i % 10 === 0)) {
      for (const budget of [1, 50, 1000, DEFAULT_NODE_BUDGET]) {
        const search = searchConnectFour(state, { nodes: budget });
        assert.ok(search.nodes <= budget, `${render(state)}: ${search.nodes} nodes with a budget of ${budget}`);
        assert.ok(search.moves.length > 0 && search.moves.every((column) => legalMoves(state).includes(column)), render(state));
        const decided = isForced(search.score) || search.depth === CELLS - state.moves.length;
        if (!decided && search.nodes > 0) assert.equal(search.nodes, budget, `${render(state)}: stopped early at depth ${search.depth}`);
      }
    }
  });

  it("searches deeper with more nodes: 1 ply with 7, several with the default budget", () => {
    const start = initialState();
    assert.equal(searchConnectFour(start, { nodes: 7 }).depth, 1);
    assert.ok(searchConnectFour(start).depth >= 6, `depth ${searchConnectFour(start).depth}`);
    assert.deepEqual(searchConnectFour(start, { nodes: 7 }).moves, [3], "the centre is the best first move on one ply");
    assert.equal(searchConnectFour(start, { depth: 3, nodes: Infinity }).depth, 3, "a depth limit stops it");
  });

  it("plays better with its default budget than with a 50-node search", () => {
    const random = seededRandom(6);
    let [deep, shallow] = [0, 0];
    for (let g = 0; g < 40; g++) {
      const deepSeat = g % 2;
      let state = initialState();
      // Two random moves first, so that the games differ.
      for (let i = 0; i < 2; i++) state = applied(state, randomMove(state, random));
      while (outcome(state).kind === "ongoing") {
        const budget = { nodes: seatToMove(state) === deepSeat ? DEFAULT_NODE_BUDGET : 50 };
        state = applied(state, bestConnectFourMove(state, random, budget)!);
      }
      const o = outcome(state);
      if (o.kind === "win") o.winner === deepSeat ? deep++ : shallow++;
    }
    assert.ok(deep >= 2 * shallow, `default budget ${deep} wins, 50 nodes ${shallow}`);
  });

  it("is deterministic given the seed, and reads the state without changing it", () => {
    const game = (seed: number) => {
      const random = seededRandom(seed);
      const moves: number[] = [];
      let state = initialState();
      while (outcome(state).kind === "ongoing") {
        const frozen = JSON.stringify(state);
        const move = connectFourGame.bot(state, seatToMove(state), random, 0.8)!;
        assert.equal(JSON.stringify(state), frozen);
        moves.push(move);
        state = applied(state, move);
      }
      return moves;
    };
    assert.deepEqual(game(7), game(7));
    assert.notDeepEqual(game(7), game(8), "another seed, another game");
    for (const state of positions.slice(0, 40)) assert.deepEqual(searchConnectFour(state), searchConnectFour(state));
  });

  it("BOT_STRENGTH: at strength 0 any legal move, at 1 always the searched one", () => {
    const random = seededRandom(9);
    const sharp = positions.filter((state) => winningColumns(state, seatToMove(state)).length > 0);
    let missed = 0;
    for (const state of sharp) {
      const seat = seatToMove(state);
      const weak = connectFourGame.bot(state, seat, random, 0)!;
      assert.ok(legalMoves(state).includes(weak));
      if (!winningColumns(state, seat).includes(weak)) missed++;
      assert.ok(winningColumns(state, seat).includes(connectFourGame.bot(state, seat, random, 1)!));
    }
    assert.ok(missed > sharp.length / 3, `strength 0 missed ${missed} of ${sharp.length} wins in one`);
  });

  it("has no move once the game is over", () => {
    let state = initialState();
    for (const column of [3, 4, 3, 4, 3, 4, 3]) state = applied(state, column);
    assert.equal(bestConnectFourMove(state, seededRandom(1)), null);
    assert.equal(connectFourGame.bot(state, 1, seededRandom(1), 1), null);
    assert.deepEqual(searchConnectFour(state).moves, []);
  });
});

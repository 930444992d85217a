/** Recomputes rating_buckets from player_stats (used by migration 3 and by bulk loaders). */
export const REBUILD_RATING_BUCKETS = `
  DELETE FROM rating_buckets;
  INSERT INTO rating_buckets (game, bucket, n)
    SELECT game, CAST(rating AS INTEGER), COUNT(*) FROM player_stats WHERE ranked = 1 GROUP BY game, CAST(rating AS INTEGER);
`;

/** Versioned schema migrations, applied in order at open. Never edit one that has shipped: add a new one. */
export const MIGRATIONS: { version: number; sql: string }[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE players (
        id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        is_bot INTEGER NOT NULL DEFAULT 0,
        created_at INTEGER NOT NULL
      );
      CREATE TABLE tokens (
        token_hash TEXT PRIMARY KEY,
        player_id TEXT NOT NULL REFERENCES players(id),
        created_at INTEGER NOT NULL
      );
      CREATE INDEX tokens_player ON tokens(player_id);
      CREATE TABLE player_stats (
        player_id TEXT NOT NULL REFERENCES players(id),
        game TEXT NOT NULL,
        rating REAL NOT NULL,
        deviation REAL NOT NULL,
        volatility REAL NOT NULL,
        wins INTEGER NOT NULL DEFAULT 0,
        losses INTEGER NOT NULL DEFAULT 0,
        draws INTEGER NOT NULL DEFAULT 0,
        games INTEGER NOT NULL DEFAULT 0,
        -- 1 for a human with at least one game: the rows a leaderboard lists.
        ranked INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (player_id, game)
      ) WITHOUT ROWID;
      -- Top-N is a range scan of this index; my rank is a COUNT over a range of it.
      CREATE INDEX player_stats_rank ON player_stats(game, ranked, rating DESC, player_id);
      CREATE TABLE matches (
        id TEXT PRIMARY KEY,
        game TEXT NOT NULL,
        player0_id TEXT NOT NULL REFERENCES players(id),
        player0_name TEXT NOT NULL,
        player1_id TEXT NOT NULL REFERENCES players(id),
        player1_name TEXT NOT NULL,
        winner_id TEXT,
        reason TEXT NOT NULL,
        rated INTEGER NOT NULL,
        aborted INTEGER NOT NULL,
        moves TEXT NOT NULL,
        rating_changes TEXT NOT NULL,
        started_at INTEGER NOT NULL,
        ended_at INTEGER NOT NULL
      );
      CREATE INDEX matches_player0 ON matches(player0_id, ended_at);
      CREATE INDEX matches_player1 ON matches(player1_id, ended_at);
    `,
  },
  {
    version: 2,
    sql: `
      -- Games in progress. A row leaves when its result is recorded; rows left after a crash are
      -- recorded as aborted (reason 'crash') when the server starts again.
      CREATE TABLE live_matches (
        id TEXT PRIMARY KEY,
        game TEXT NOT NULL,
        player0_id TEXT NOT NULL REFERENCES players(id),
        player0_name TEXT NOT NULL,
        player1_id TEXT NOT NULL REFERENCES players(id),
        player1_name TEXT NOT NULL,
        rated INTEGER NOT NULL,
        started_at INTEGER NOT NULL
      );
    `,
  },
  {
    version: 3,
    sql: `
      -- How many ranked players sit on each whole rating point, per game: "my rank" sums these
      -- instead of counting up to a million index entries.
      CREATE TABLE rating_buckets (
        game TEXT NOT NULL,
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (game, bucket)
      ) WITHOUT ROWID;
      ${REBUILD_RATING_BUCKETS}
    `,
  },
  {
    version: 4,
    sql: `
      -- Which process noted a game, so that a process recovering from a crash touches only its own games
      -- while others, sharing the database, keep playing theirs.
      ALTER TABLE live_matches ADD COLUMN owner TEXT NOT NULL DEFAULT '';
      CREATE INDEX live_matches_owner ON live_matches(owner);
    `,
  },
];

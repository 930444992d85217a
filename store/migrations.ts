/**
 * Recomputes rating_buckets from player_stats (migration 5, and bulk loaders). A bucket is a shown rating
 * (rounded half up, as rows.ts shownRating) in one tier: established (0) or provisional (1).
 */
export const REBUILD_RATING_BUCKETS = `
  DELETE FROM rating_buckets;
  INSERT INTO rating_buckets (game, provisional, bucket, n)
    SELECT game, provisional, CAST(rating + 0.5 AS INTEGER), COUNT(*) FROM player_stats WHERE ranked = 1
    GROUP BY game, provisional, CAST(rating + 0.5 AS INTEGER);
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
      DELETE FROM rating_buckets;
      INSERT INTO rating_buckets (game, bucket, n)
        SELECT game, CAST(rating AS INTEGER), COUNT(*) FROM player_stats WHERE ranked = 1 GROUP BY game, CAST(rating AS INTEGER);
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
  {
    version: 5,
    sql: `
      -- Only rated games put a player on a leaderboard (ranked = a human with a rated game), and a provisional
      -- rating (deviation >= 110, rows.ts PROVISIONAL_DEVIATION) is ranked below every established one.
      ALTER TABLE player_stats ADD COLUMN rated_games INTEGER NOT NULL DEFAULT 0;
      ALTER TABLE player_stats ADD COLUMN provisional INTEGER GENERATED ALWAYS AS (deviation >= 110) VIRTUAL;
      UPDATE player_stats SET rated_games = t.n FROM (
        SELECT player_id, game, COUNT(*) AS n FROM (
          SELECT player0_id AS player_id, game FROM matches WHERE rated = 1
          UNION ALL SELECT player1_id, game FROM matches WHERE rated = 1
        ) GROUP BY player_id, game
      ) AS t WHERE t.player_id = player_stats.player_id AND t.game = player_stats.game;
      UPDATE player_stats SET ranked = (rated_games > 0 AND (SELECT is_bot FROM players p WHERE p.id = player_stats.player_id) = 0);
      -- The board in its order: established first, then by rating; ties by id only to keep pages stable.
      DROP INDEX player_stats_rank;
      CREATE INDEX player_stats_board ON player_stats(game, ranked, provisional, rating DESC, player_id);
      -- My rank counts whole shown ratings (rounded) per tier, as equal shown ratings share a rank.
      DROP TABLE rating_buckets;
      CREATE TABLE rating_buckets (
        game TEXT NOT NULL,
        provisional INTEGER NOT NULL,
        bucket INTEGER NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (game, provisional, bucket)
      ) WITHOUT ROWID;
      ${REBUILD_RATING_BUCKETS}
      -- Match history pages by (ended_at, id), newest first.
      DROP INDEX matches_player0;
      DROP INDEX matches_player1;
      CREATE INDEX matches_player0 ON matches(player0_id, ended_at, id);
      CREATE INDEX matches_player1 ON matches(player1_id, ended_at, id);
      -- Tokens expire TOKEN_TTL_DAYS after their last use; the ones already out count from now.
      ALTER TABLE tokens ADD COLUMN used_at INTEGER NOT NULL DEFAULT 0;
      UPDATE tokens SET used_at = CAST(strftime('%s', 'now') AS INTEGER) * 1000;
    `,
  },
  {
    version: 6,
    sql: `
      -- The rule options a match was played with (JSON), so that a replay plays by them; '{}' for older matches,
      -- whose games ran on the defaults of their day.
      ALTER TABLE matches ADD COLUMN options TEXT NOT NULL DEFAULT '{}';
    `,
  },
  {
    version: 7,
    sql: `
      -- A claimed account: a guest's player with a username and a password, so that it can sign in anywhere.
      -- username is as the player typed it (NFC); username_key is its case-folded UTS #39 skeleton
      -- (server/username.ts), so that look-alike names are one name.
      CREATE TABLE accounts (
        player_id TEXT PRIMARY KEY REFERENCES players(id),
        username TEXT NOT NULL,
        username_key TEXT NOT NULL UNIQUE,
        -- Argon2id, PHC string (server/passwords.ts); never the password.
        password_hash TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        password_changed_at INTEGER NOT NULL
      );
      -- Every token is a session: a public id to list and revoke it by, and the device it was given to.
      -- Tokens already out get an id now and an unknown device.
      ALTER TABLE tokens ADD COLUMN session_id TEXT;
      ALTER TABLE tokens ADD COLUMN device TEXT NOT NULL DEFAULT '';
      UPDATE tokens SET session_id = lower(hex(randomblob(16)));
      CREATE UNIQUE INDEX tokens_session ON tokens(session_id);
    `,
  },
  {
    version: 8,
    sql: `
      -- Moderation (issue #15). The operator's ban (refused everywhere) and chat mute (until then), epoch ms;
      -- NULL when none. players.name stays the shown name: an operator's rename changes it.
      ALTER TABLE players ADD COLUMN banned_at INTEGER;
      ALTER TABLE players ADD COLUMN chat_muted_until INTEGER;
      -- A player's own choices; no row means the defaults (chat on, challenges from everyone).
      CREATE TABLE preferences (
        player_id TEXT PRIMARY KEY REFERENCES players(id),
        chat_off INTEGER NOT NULL DEFAULT 0,
        challenges TEXT NOT NULL DEFAULT 'everyone' CHECK (challenges IN ('everyone', 'played', 'nobody'))
      ) WITHOUT ROWID;
      -- Whose chat a player never receives.
      CREATE TABLE mutes (
        player_id TEXT NOT NULL REFERENCES players(id),
        muted_id TEXT NOT NULL REFERENCES players(id),
        created_at INTEGER NOT NULL,
        PRIMARY KEY (player_id, muted_id)
      ) WITHOUT ROWID;
      -- Reports, with the few chat lines they quote (JSON): the only chat ever written down. Deleted
      -- REPORT_RETENTION_DAYS after being resolved. match_id is not a reference: a game may still be running.
      CREATE TABLE reports (
        id TEXT PRIMARY KEY,
        reporter_id TEXT NOT NULL REFERENCES players(id),
        reported_id TEXT NOT NULL REFERENCES players(id),
        reason TEXT NOT NULL,
        note TEXT NOT NULL,
        room_id TEXT NOT NULL,
        match_id TEXT,
        lines TEXT NOT NULL,
        created_at INTEGER NOT NULL,
        resolved_at INTEGER,
        resolution TEXT
      );
      CREATE INDEX reports_open ON reports(created_at, id) WHERE resolved_at IS NULL;
      CREATE INDEX reports_created ON reports(created_at, id);
      CREATE INDEX reports_resolved ON reports(resolved_at) WHERE resolved_at IS NOT NULL;
      -- What the operator did to whom (the action as JSON), kept.
      CREATE TABLE moderation_log (
        id INTEGER PRIMARY KEY,
        player_id TEXT NOT NULL REFERENCES players(id),
        action TEXT NOT NULL,
        at INTEGER NOT NULL
      );
      CREATE INDEX moderation_log_player ON moderation_log(player_id, at);
    `,
  },
];

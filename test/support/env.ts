// Quieter logs while testing; set LOG_LEVEL to see more.
process.env.NODE_ENV ||= "test";

"""Weekly rolling backtest of the production plan (newsvendor) against the baker's rules."""

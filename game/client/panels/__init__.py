"""The main view's parts, each with one job: the top bar, the nation panel, the diplomacy
panel and the event log. They draw into the view's surfaces and register its tooltips;
the view owns the layout, the input and the turn."""

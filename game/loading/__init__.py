"""Loading a scenario, in floors: the file guard (`guard`), expression checks (`checker`),
and the build of the domain (`build`, reading `nations`, `events` and `diplomacy`).
Callers import from `game.loader`."""

namespace UcStack.Client.Cli;

internal sealed partial class ClientShell
{
    private void AttachConference()
    {
        _client.ConferenceChatReceived += (_, m) => Print($"event conference-im {m.Sender} {m.Text}");
        _client.ConferenceRosterChanged += (_, r) => Print($"event conference-roster {string.Join(' ', r.Members)}");
    }

    private async Task<string> RunConferenceAsync(string rest, CancellationToken ct)
    {
        var (sub, argument) = Split(rest);
        switch (sub)
        {
            case "create":
                var focus = await _client.CreateConferenceAsync(argument.Length > 0 ? argument : $"{_client.Settings.User}'s meeting", ct).ConfigureAwait(false);
                return $"ok conference create {focus}";
            case "join":
                await _client.JoinConferenceAsync(Required(argument, "conference join <focus-uri>"), ct).ConfigureAwait(false);
                return $"ok conference join {string.Join(' ', _client.CurrentRoster().Members)}";
            case "promote":
                await _client.PromoteAsync(Required(argument, "conference promote <user>"), ct).ConfigureAwait(false);
                return $"ok conference promote {_client.Settings.UriOf(argument)}";
            case "im":
                await _client.SendConferenceChatAsync(Required(argument, "conference im <text>"), ct).ConfigureAwait(false);
                return "ok conference im";
            case "roster":
                return $"ok conference roster {string.Join(' ', _client.CurrentRoster().Members)}";
            case "leave":
                await _client.LeaveConferenceAsync(ct).ConfigureAwait(false);
                return "ok conference leave";
            default:
                throw new UsageException("conference create [subject] | join <uri> | promote <user> | im <text> | roster | leave");
        }
    }

    private async Task<string> RunSlideAsync(string rest, CancellationToken ct)
    {
        var (sub, argument) = Split(rest);
        switch (sub)
        {
            case "share":
                var id = await _client.ShareSlideAsync(Required(argument, "slide share <text>"), ct).ConfigureAwait(false);
                return $"ok slide share {id}";
            case "get":
                var slide = await _client.GetSlideAsync(ct).ConfigureAwait(false);
                return $"ok slide get {slide}";
            default:
                throw new UsageException("slide share <text> | slide get");
        }
    }
}

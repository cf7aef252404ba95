using System.CommandLine;

namespace UcStack.Client.Cli;

internal static partial class ClientApp
{
    private static readonly Option<int> DurationOption = new("--seconds")
    {
        Description = "How long a listening command runs (0: until Ctrl+C).",
        DefaultValueFactory = _ => 0,
    };

    /// <summary>A command that registers, runs fixed shell lines and exits.</summary>
    private static Command OneShot(string name, string description, string[] lines)
    {
        var command = new Command(name, description);
        command.SetAction((parse, ct) => RunShellAsync(parse, lines, null, ct));
        return command;
    }

    private static Command CreatePresence()
    {
        var presence = new Command("presence", "Publish or watch presence (RFC 3903 PUBLISH, RFC 3856 SUBSCRIBE).");
        var status = new Argument<string>("status") { Description = "open or closed." };
        status.AcceptOnlyFromAmong("open", "closed");
        var note = new Argument<string[]>("note") { Description = "A note.", Arity = ArgumentArity.ZeroOrMore };
        var set = new Command("set", "Publish our presence.") { status, note };
        set.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"presence {parse.GetValue(status)} {string.Join(' ', parse.GetValue(note) ?? [])}"], null, ct));
        var user = new Argument<string>("user") { Description = "Whose presence." };
        var watch = new Command("watch", "Print a user's presence changes.") { user, DurationOption };
        watch.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"watch {parse.GetValue(user)}"], null, ct, (_, c) => Listen(parse, c)));
        presence.Subcommands.Add(set);
        presence.Subcommands.Add(watch);
        return presence;
    }

    private static Command CreateIm()
    {
        var im = new Command("im", "Instant messages (RFC 3428 MESSAGE).");
        var to = new Argument<string>("to") { Description = "The recipient (user name or SIP URI)." };
        var text = new Argument<string[]>("text") { Description = "The message.", Arity = ArgumentArity.OneOrMore };
        var send = new Command("send", "Send one message.") { to, text };
        send.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"im {parse.GetValue(to)} {string.Join(' ', parse.GetValue(text) ?? [])}"], null, ct));
        var listen = new Command("listen", "Print incoming messages.") { DurationOption };
        listen.SetAction((parse, ct) => RunShellAsync(parse, ["register"], null, ct, (_, c) => Listen(parse, c)));
        im.Subcommands.Add(send);
        im.Subcommands.Add(listen);
        return im;
    }

    private static Command CreateCall()
    {
        var to = new Argument<string>("to") { Description = "The callee." };
        var relay = new Option<bool>("--relay") { Description = "Get TURN credentials from the server first and use relayed candidates only." };
        var call = new Command("call", "Call a user: SDP with ICE candidates and a=crypto, a 440 Hz tone as SRTP with SRTCP, then BYE; prints the media report.") { to, relay };
        call.SetAction((parse, ct) => RunShellAsync(parse, parse.GetValue(relay) ? ["register", "relay", $"call {parse.GetValue(to)}"] : ["register", $"call {parse.GetValue(to)}"], null, ct));
        return call;
    }

    private static Command CreateAnswer()
    {
        var relay = new Option<bool>("--relay") { Description = "Get TURN credentials from the server first and use relayed candidates only." };
        var answer = new Command("answer", "Wait for one call, answer it with a 660 Hz tone, print the media report.") { relay, DurationOption };
        answer.SetAction((parse, ct) => RunShellAsync(
            parse,
            parse.GetValue(relay) ? ["register", "relay", "answer on"] : ["register", "answer on"],
            null,
            ct,
            async (client, c) =>
            {
                var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                client.CallCompleted += (_, _) => done.TrySetResult();
                client.CallFailed += (_, _) => done.TrySetResult();
                using var bound = Bound(parse, c);
                await done.Task.WaitAsync(bound.Token).ConfigureAwait(false);
            }));
        return answer;
    }

    private static Command CreateConference()
    {
        var conference = new Command("conference", "C3P conferences: create one, or join one and chat.");
        var subject = new Argument<string[]>("subject") { Arity = ArgumentArity.ZeroOrMore };
        var create = new Command("create", "Create a conference with a chat MCU; prints its focus URI.") { subject };
        create.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"conference create {string.Join(' ', parse.GetValue(subject) ?? [])}".TrimEnd()], null, ct));
        var focus = new Argument<string>("focus") { Description = "The focus URI." };
        var say = new Option<string?>("--say") { Description = "A chat line to send once joined." };
        var join = new Command("join", "Join a conference, print its roster and chat until the time is up.") { focus, say, DurationOption };
        join.SetAction((parse, ct) =>
        {
            List<string> lines = ["register", $"conference join {parse.GetValue(focus)}"];
            if (parse.GetValue(say) is { Length: > 0 } text) lines.Add($"conference im {text}");
            return RunShellAsync(parse, lines, null, ct, (_, c) => Listen(parse, c));
        });
        conference.Subcommands.Add(create);
        conference.Subcommands.Add(join);
        return conference;
    }

    private static Command CreateSlide()
    {
        var slide = new Command("slide", "Share or fetch a slide in a conference over Psom.");
        var focus = new Argument<string>("focus") { Description = "The focus URI." };
        var text = new Argument<string[]>("text") { Arity = ArgumentArity.OneOrMore };
        var share = new Command("share", "Join the conference and share a one-line slide.") { focus, text };
        share.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"conference join {parse.GetValue(focus)}", $"slide share {string.Join(' ', parse.GetValue(text) ?? [])}"], null, ct));
        var get = new Command("get", "Join the conference and print its slide.") { new Argument<string>("focus") };
        get.SetAction((parse, ct) => RunShellAsync(parse, ["register", $"conference join {parse.GetValue<string>("focus")}", "slide get"], null, ct));
        slide.Subcommands.Add(share);
        slide.Subcommands.Add(get);
        return slide;
    }

    private static async Task Listen(ParseResult parse, CancellationToken cancellationToken)
    {
        using var bound = Bound(parse, cancellationToken);
        await Task.Delay(Timeout.Infinite, bound.Token).ConfigureAwait(false);
    }

    private static CancellationTokenSource Bound(ParseResult parse, CancellationToken cancellationToken)
    {
        var bound = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var seconds = parse.GetValue(DurationOption);
        if (seconds > 0) bound.CancelAfter(TimeSpan.FromSeconds(seconds));
        return bound;
    }
}

using System.Globalization;
using UcStack.Sip;
using UcStack.Sip.Presence;
using UcStack.Sip.Stack;
using UcStack.Sip.Transport;
using UcStack.Sip.UserAgent;

namespace UcStack.Client.Cli;

/// <summary>
/// Line commands over a <see cref="UcClient"/>, for the interactive mode and for scripts (the demo drives two of
/// these through their standard input). Every command answers one line, <c>ok ...</c> or <c>error ...</c>;
/// things that happen meanwhile print <c>event ...</c> lines.
/// </summary>
internal sealed partial class ClientShell
{
    /// <summary>The commands, one per line.</summary>
    public const string Help = """
        commands:
          register | unregister
          presence open|closed [note]      publish our presence
          watch <user>                     subscribe to a user's presence
          im <user> <text>                 send an instant message
          call <user>                      call, exchange a tone over SRTP, hang up, print the media report
          answer on|off                    answer incoming calls (off: 486 Busy Here)
          relay                            ask the server for TURN credentials (MRAS-style SERVICE); calls then go relay-only
          conference create | join <uri> | promote <user> | im <text> | leave
          slide share <text> | slide get
          help | quit
        """;

    private readonly UcClient _client;
    private readonly TextWriter _out;

    public ClientShell(UcClient client, TextWriter output)
    {
        _client = client;
        _out = TextWriter.Synchronized(output);
        client.MessageReceived += (_, m) => Print($"event im {m.From} {m.Text}");
        client.PresenceChanged += (_, p) => Print($"event presence {p.Entity} {Status(p.Status)} {p.Note}".TrimEnd());
        client.CallReceived += (_, peer) => Print($"event call-incoming {peer}");
        client.CallCompleted += (_, c) => Print($"event call-media {c.Peer} {c.Report}");
        client.CallFailed += (_, reason) => Print($"event call-failed {reason}");
        AttachConference();
    }

    /// <summary>Prints a line (thread-safe).</summary>
    public void Print(string line) => _out.WriteLine(line);

    /// <summary>Runs one command line and prints its outcome.</summary>
    /// <returns>False when the line asked to quit.</returns>
    public async Task<bool> ExecuteAsync(string line, CancellationToken cancellationToken)
    {
        var words = line.Trim().Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (words.Length == 0) return true;
        var verb = words[0].ToLowerInvariant();
        var rest = words.Length > 1 ? words[1] : string.Empty;
        if (verb is "quit" or "exit") return false;
        try
        {
            Print(await RunAsync(verb, rest, cancellationToken).ConfigureAwait(false));
        }
        catch (Exception e) when (IsReportable(e))
        {
            Print($"error {verb}: {Describe(e)}");
        }

        return true;
    }

    /// <summary>Reads commands from <paramref name="input"/> until it ends or a <c>quit</c>.</summary>
    public async Task RunAsync(TextReader input, CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var line = await input.ReadLineAsync(cancellationToken).ConfigureAwait(false);
            if (line is null || !await ExecuteAsync(line, cancellationToken).ConfigureAwait(false)) return;
        }
    }

    /// <summary>Exceptions that mean "this command failed" rather than a bug: shown, and the shell carries on.</summary>
    public static bool IsReportable(Exception e) => e is SipRegistrationException or SipSubscriptionException or SipCallFailedException
        or SipRequestTimeoutException or SipTransportException or Sdp.SdpNegotiationException or Sdp.SdpParseException
        or InvalidOperationException or ArgumentException or TimeoutException or OperationCanceledException or FeatureUnavailableException
        or Tls.TlsCertificateException or Tls.TlsHandshakeException or C3P.C3PParseException or Psom.PsomOperationException;

    /// <summary>An exception as one line.</summary>
    public static string Describe(Exception e) => e switch
    {
        FeatureUnavailableException or UsageException => e.Message,
        _ => $"{e.GetType().Name}: {e.Message}" + (e.InnerException is { } inner ? $" ({inner.Message})" : string.Empty),
    };

    private async Task<string> RunAsync(string verb, string rest, CancellationToken ct)
    {
        switch (verb)
        {
            case "help":
                return Help.TrimEnd();
            case "register":
                var granted = await _client.RegisterAsync(ct).ConfigureAwait(false);
                return $"ok register {_client.Settings.AddressOfRecord} over {_client.ServerTarget.Protocol} for {granted.TotalSeconds:F0}s";
            case "unregister":
                await _client.UnregisterAsync(ct).ConfigureAwait(false);
                return "ok unregister";
            case "presence":
                var (statusText, note) = Split(rest);
                var status = statusText switch
                {
                    "open" => PidfBasicStatus.Open,
                    "closed" => PidfBasicStatus.Closed,
                    _ => throw new UsageException("presence open|closed [note]"),
                };
                var published = await _client.PublishPresenceAsync(status, note.Length == 0 ? null : note, ct).ConfigureAwait(false);
                return Outcome("presence", published, $"{statusText} {note}".TrimEnd());
            case "watch":
                await _client.WatchPresenceAsync(Required(rest, "watch <user>"), ct).ConfigureAwait(false);
                return $"ok watch {_client.Settings.UriOf(rest)}";
            case "im":
                var (to, text) = Split(rest);
                if (to.Length == 0 || text.Length == 0) throw new UsageException("im <user> <text>");
                return Outcome("im", await _client.SendMessageAsync(to, text, ct).ConfigureAwait(false), to);
            case "call":
                var outcome = await _client.CallAsync(Required(rest, "call <user>"), ct).ConfigureAwait(false);
                return $"ok call {outcome.Peer} {outcome.Report}";
            case "answer":
                _client.AutoAnswer = rest is "on" or "";
                return $"ok answer {(_client.AutoAnswer ? "on" : "off")}";
            case "relay":
                var relay = await _client.RequestRelayAsync(ct).ConfigureAwait(false);
                return $"ok relay {relay}";
            case "conference":
                return await RunConferenceAsync(rest, ct).ConfigureAwait(false);
            case "slide":
                return await RunSlideAsync(rest, ct).ConfigureAwait(false);
            default:
                return $"error {verb}: unknown command (try help)";
        }
    }

    private static string Outcome(string verb, int status, string detail) =>
        status is >= 200 and < 300 ? $"ok {verb} {detail}" : $"error {verb}: {status.ToString(CultureInfo.InvariantCulture)} from the server";

    private static (string First, string Remainder) Split(string text)
    {
        var parts = text.Split(' ', 2, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return (parts.Length > 0 ? parts[0] : string.Empty, parts.Length > 1 ? parts[1] : string.Empty);
    }

    private static string Required(string value, string usage) => value.Length > 0 ? value : throw new UsageException(usage);

    private static string Status(PidfBasicStatus status) => status == PidfBasicStatus.Open ? "open" : "closed";

    /// <summary>A command line that lacks something: shown as "usage: ...".</summary>
    private sealed class UsageException : ArgumentException
    {
        public UsageException()
            : base("usage: see help")
        {
        }

        public UsageException(string usage)
            : base("usage: " + usage)
        {
        }

        public UsageException(string usage, Exception innerException)
            : base("usage: " + usage, innerException)
        {
        }
    }
}

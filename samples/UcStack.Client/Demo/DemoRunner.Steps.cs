using System.Globalization;
using System.Net;
using UcStack.Sip.Transport;

namespace UcStack.Client.Demo;

internal sealed partial class DemoRunner
{
    private const string NotAvailable = "not available in this server";
    private static readonly string[] Users = ["alice", "bob"];
    private ChildProcess? _server;
    private ChildProcess? _alice;
    private ChildProcess? _bob;

    private ChildProcess Alice => _alice!;

    private string SessionStep => $"session over {transport.ToString().ToUpperInvariant()}";

    private ChildProcess Bob => _bob!;

    private async Task RunStepsAsync(List<ChildProcess> children, CancellationToken ct)
    {
        _out.WriteLine("UcStack demo: the sample server and two clients, alice and bob, on 127.0.0.1");
        var endpoints = new Dictionary<string, IPEndPoint>(StringComparer.OrdinalIgnoreCase);
        if (!await Step("server", "start the sample server (SIP on UDP, TCP and TLS; free ports; a fresh self-signed certificate)", async () =>
            {
                var dll = FindServer();
                var pfx = MakeCertificate();
                _server = ChildProcess.StartDotnet("server", dll,
                [
                    "--Server:Sip:UdpPort=0", "--Server:Sip:TcpPort=0", "--Server:Sip:TlsPort=0", $"--Server:Sip:CertificateFile={pfx}",
                    // Every other listener on a free port too, so the demo runs beside a server on the default ports.
                    "--Server:Turn:Port=0", "--Server:Psom:Port=0", "--Server:Federation:Port=0", "--Server:Https:Port=0",
                    "--Logging:Console:FormatterName=simple", "--Logging:Console:FormatterOptions:SingleLine=true",
                ]);
                children.Add(_server);
                await _server.WaitForLineAsync(l => l.Contains("Application started", StringComparison.Ordinal), 0, stepTimeout, "'Application started'", ct).ConfigureAwait(false);
                for (var i = 0; i < _server.LineCount; i++)
                {
                    var (line, _) = await _server.WaitForLineAsync(_ => true, i, stepTimeout, "its log", ct).ConfigureAwait(false);
                    if (TryReadListening(line, out var protocol, out var endPoint)) endpoints[protocol] = endPoint;
                }

                if (!endpoints.ContainsKey("Tls") || !endpoints.ContainsKey(transport.ToString())) throw new DemoStepException($"the server's log names no TLS or {transport} listener");
                return $"{dll}; SIP {string.Join(", ", endpoints.Select(e => $"{e.Key} {e.Value}"))}";
            }).ConfigureAwait(false))
        {
            SkipRest("the server did not start");
            return;
        }

        var client = typeof(DemoRunner).Assembly.Location;
        var trust = Path.Combine(_temp, "server.cer");
        await Step("register over TLS", "alice and bob register over TLS, trusting only the server's certificate (REGISTER, 401 digest challenge, REGISTER with credentials, 200), then unregister", async () =>
        {
            foreach (var user in Users)
            {
                _out.WriteLine($"      $ ucstack-client register --user {user} --transport tls --server {endpoints["Tls"]}");
                var once = ChildProcess.StartDotnet(user, client, ["register", "--user", user, "--server", endpoints["Tls"].ToString(), "--transport", "tls", "--trust-cert", trust]);
                await using var onceScope = once.ConfigureAwait(false);
                await Expect(once, l => l.StartsWith("ok register", StringComparison.Ordinal), 0, "its registration", ct).ConfigureAwait(false);
                await Expect(once, l => l.StartsWith("ok unregister", StringComparison.Ordinal), 0, "its unregistration", ct).ConfigureAwait(false);
            }

            return null;
        }).ConfigureAwait(false);

        var session = transport.ToString();
        if (transport != SipTransportProtocol.Tls)
        {
            _out.WriteLine($"      note: the session below runs over {session}: the server does not yet send requests to a client over the TLS");
            _out.WriteLine("      connection it registered on (RFC 5626), and it cannot open TLS to a client; --session-transport tls tries anyway");
        }

        if (!await Step(SessionStep, $"alice and bob start (ucstack-client interactive) and register over {session}", async () =>
            {
                foreach (var user in Users)
                {
                    var child = ChildProcess.StartDotnet(user, client, ["interactive", "--user", user, "--server", endpoints[session].ToString(), "--transport", session.ToLowerInvariant(), "--trust-cert", trust]);
                    children.Add(child);
                    if (user == "alice") _alice = child;
                    else _bob = child;
                }

                await Ask(Alice, "register", ct).ConfigureAwait(false);
                await Ask(Bob, "register", ct).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false))
        {
            SkipRest("the clients are not registered");
            return;
        }

        await Step("presence", "bob watches alice (SUBSCRIBE presence); alice publishes open, then closed (PUBLISH, PIDF); bob sees both (NOTIFY)", async () =>
        {
            var mark = Bob.LineCount;
            await Ask(Bob, "watch alice", ct).ConfigureAwait(false);
            await Ask(Alice, "presence open ready for the demo", ct).ConfigureAwait(false);
            var (_, at) = await Expect(Bob, l => l.StartsWith("event presence sip:alice@example.org open ready for the demo", StringComparison.Ordinal), mark, "alice's open presence", ct).ConfigureAwait(false);
            await Ask(Alice, "presence closed in a meeting", ct).ConfigureAwait(false);
            await Expect(Bob, l => l.StartsWith("event presence sip:alice@example.org closed in a meeting", StringComparison.Ordinal), at + 1, "alice's closed presence", ct).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);

        await Step("IM both ways", "alice and bob exchange instant messages through the server (MESSAGE, RFC 3428)", async () =>
        {
            var mark = Bob.LineCount;
            await Ask(Alice, "im bob Hello Bob, this is UcStack", ct).ConfigureAwait(false);
            await Expect(Bob, l => l == "event im sip:alice@example.org Hello Bob, this is UcStack", mark, "alice's message", ct).ConfigureAwait(false);
            mark = Alice.LineCount;
            await Ask(Bob, "im alice Hi Alice, got it", ct).ConfigureAwait(false);
            await Expect(Alice, l => l == "event im sip:bob@example.org Hi Alice, got it", mark, "bob's reply", ct).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);

        var relayed = await Step("relay credentials", "alice and bob ask the server for TURN credentials (SIP SERVICE, application/msrtc-media-relay-auth+xml)", async () =>
        {
            var a = await Ask(Alice, "relay", ct).ConfigureAwait(false);
            await Ask(Bob, "relay", ct).ConfigureAwait(false);
            return a["ok relay ".Length..];
        }).ConfigureAwait(false);

        await Step(
            relayed ? "SRTP call relayed through TURN" : "SRTP call (host candidates: no relay credentials)",
            "alice calls bob: SDP offer/answer with ICE candidates and a=crypto, ICE checks, 2 s of tone each way as SRTP (440 Hz from alice, 660 Hz from bob) with SRTCP reports, BYE",
            async () =>
            {
                await Ask(Bob, "answer on", ct).ConfigureAwait(false);
                var mark = Bob.LineCount;
                var aliceLine = await Ask(Alice, "call bob", ct).ConfigureAwait(false);
                var (bobLine, _) = await Expect(Bob, l => l.StartsWith("event call-media ", StringComparison.Ordinal), mark, "bob's media report", ct).ConfigureAwait(false);
                CheckMedia("alice", aliceLine, UcClient.AnswerToneHz, relayed);
                CheckMedia("bob", bobLine, UcClient.CallerToneHz, relayed);
                return null;
            }).ConfigureAwait(false);

        await RunConferenceStepsAsync(ct).ConfigureAwait(false);
    }

    private async Task RunConferenceStepsAsync(CancellationToken ct)
    {
        string? focus = null;
        if (!await Step("conference create", "alice creates a conference with chat and meeting MCUs (C3P addConference in a SERVICE to her focus factory)", async () =>
            {
                var line = await Ask(Alice, "conference create UcStack demo", ct).ConfigureAwait(false);
                focus = line.Split(' ')[^1];
                return focus;
            }).ConfigureAwait(false))
        {
            foreach (var name in new[] { "conference join", "conference promote", "conference IM", "slide over Psom", "conference leave" }) Skip(name, "needs a conference");
            return;
        }

        if (!await Step("conference join", "alice and bob join it (INVITE to the focus with addUser, conference-info subscription, chat MCU)", async () =>
            {
                await Ask(Alice, $"conference join {focus}", ct).ConfigureAwait(false);
                await Ask(Bob, $"conference join {focus}", ct).ConfigureAwait(false);
                return null;
            }).ConfigureAwait(false))
        {
            foreach (var name in new[] { "conference promote", "conference IM", "slide over Psom", "conference leave" }) Skip(name, "needs both in the conference");
            return;
        }

        await Step("conference promote", "alice (organizer) promotes bob to presenter (modifyUserRoles); bob's roster shows it", async () =>
        {
            var mark = Bob.LineCount;
            await Ask(Alice, "conference promote bob", ct).ConfigureAwait(false);
            await Expect(Bob, l => l.StartsWith("event conference-roster", StringComparison.Ordinal)
                && l.Contains("sip:bob@example.org(presenter", StringComparison.Ordinal), mark, "a roster with bob as presenter", ct).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);

        await Step("conference IM", "bob writes in the conference chat; alice receives it from the chat MCU", async () =>
        {
            var mark = Alice.LineCount;
            await Ask(Bob, "conference im Hello everyone", ct).ConfigureAwait(false);
            await Expect(Alice, l => l.StartsWith("event conference-im", StringComparison.Ordinal) && l.EndsWith("Hello everyone", StringComparison.Ordinal), mark, "bob's chat line", ct).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);

        await Step("slide over Psom", "alice shares a slide over Psom (admission token from the focus); bob fetches it", async () =>
        {
            await Ask(Alice, "slide share Welcome to UcStack", ct).ConfigureAwait(false);
            var line = await Ask(Bob, "slide get", ct).ConfigureAwait(false);
            if (!line.Contains("Welcome to UcStack", StringComparison.Ordinal)) throw new DemoStepException($"bob got a different slide: {line}");
            return null;
        }).ConfigureAwait(false);

        await Step("conference leave", "bob and alice leave the conference (BYE to the focus)", async () =>
        {
            await Ask(Bob, "conference leave", ct).ConfigureAwait(false);
            await Ask(Alice, "conference leave", ct).ConfigureAwait(false);
            return null;
        }).ConfigureAwait(false);
    }

    /// <summary>Checks one side's media report: the peer's tone, no loss, nothing rejected, SRTCP seen, and the
    /// relay when one was asked for.</summary>
    private void CheckMedia(string who, string line, double expectedHz, bool relayed)
    {
        var fields = line.Split(' ').Select(f => f.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
        double Number(string key) =>
            fields.TryGetValue(key, out var text) && double.TryParse(text.TrimEnd('H', 'z', 'm', 's'), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
                ? value
                : throw new DemoStepException($"{who}'s report has no {key}: {line}");
        var tone = Number("tone");
        var received = Number("received");
        var lost = Number("lost");
        _out.WriteLine(FormattableString.Invariant($"      {who} heard {tone:F0} Hz (purity {Number("purity"):F2}), {received} packets, {lost} lost, jitter {Number("jitter"):F2} ms, {Number("srtcp")} SRTCP reports; pair {fields.GetValueOrDefault("pair")}"));
        if (Math.Abs(tone - expectedHz) > 10) throw new DemoStepException(FormattableString.Invariant($"{who} heard {tone:F0} Hz, expected {expectedHz:F0} Hz"));
        if (received < 90 || lost > 2) throw new DemoStepException($"{who} received {received} packets with {lost} lost");
        if (Number("rejected") > 0) throw new DemoStepException($"{who} rejected {Number("rejected")} datagrams");
        if (Number("srtcp") < 1) throw new DemoStepException($"{who} received no SRTCP report");
        if (relayed && fields.GetValueOrDefault("pair")?.StartsWith("Relayed", StringComparison.Ordinal) != true)
        {
            throw new DemoStepException($"{who}'s media did not go through the relay: {fields.GetValueOrDefault("pair")}");
        }
    }

    /// <summary>Sends a command and waits for its <c>ok</c>/<c>error</c> line.</summary>
    private async Task<string> Ask(ChildProcess client, string command, CancellationToken ct)
    {
        var verb = command.Split(' ')[0];
        _out.WriteLine($"      {client.Name} < {command}");
        var mark = client.LineCount;
        await client.SendAsync(command).ConfigureAwait(false);
        var (line, _) = await client.WaitForLineAsync(
            l => l.StartsWith($"ok {verb}", StringComparison.Ordinal) || l.StartsWith($"error {verb}", StringComparison.Ordinal) || l.StartsWith("error start", StringComparison.Ordinal),
            mark, stepTimeout, $"answer to '{command}'", ct).ConfigureAwait(false);
        _out.WriteLine($"      {client.Name} > {line}");
        if (line.StartsWith("ok ", StringComparison.Ordinal)) return line;
        if (line.Contains(NotAvailable, StringComparison.Ordinal)) throw new FeatureUnavailableException(line[(line.IndexOf(NotAvailable, StringComparison.Ordinal) + NotAvailable.Length)..].TrimStart(':', ' '));
        throw new DemoStepException(line);
    }

    private async Task<(string Line, int Index)> Expect(ChildProcess client, Func<string, bool> match, int from, string what, CancellationToken ct)
    {
        var found = await client.WaitForLineAsync(match, from, stepTimeout, what, ct).ConfigureAwait(false);
        _out.WriteLine($"      {client.Name} > {found.Line}");
        return found;
    }

    private async Task<bool> Step(string name, string narration, Func<Task<string?>> body)
    {
        _out.WriteLine($"[{_results.Count + 1}] {name}: {narration}");
        try
        {
            var detail = await body().ConfigureAwait(false);
            Record(name, StepOutcome.Passed, detail);
            _out.WriteLine("      passed");
            return true;
        }
        catch (FeatureUnavailableException e)
        {
            Record(name, StepOutcome.Unavailable, e.Message);
            _out.WriteLine($"      FAILED: {e.Message}");
        }
        catch (Exception e) when (e is DemoStepException or TimeoutException or InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            var detail = e is DemoStepException ? e.Message : $"{e.GetType().Name}: {e.Message}";
            foreach (var child in new[] { _server, _alice, _bob })
            {
                if (child is { HasExited: true }) detail += $" ({child.Name} exited: {child.ErrorTail.Trim()})";
            }

            // One readable line: a stack trace from a child's log belongs in its own output, not in the summary.
            if (detail.Length > 400) detail = detail[..400] + "...";
            Record(name, StepOutcome.Failed, detail);
            _out.WriteLine($"      FAILED: {detail}");
        }

        return false;
    }

    private void Skip(string name, string reason)
    {
        _out.WriteLine($"[{_results.Count + 1}] {name}: skipped ({reason})");
        Record(name, StepOutcome.Skipped, reason);
    }

    private void SkipRest(string reason)
    {
        string[] all = ["register over TLS", SessionStep, "presence", "IM both ways", "relay credentials", "SRTP call relayed through TURN", "conference create", "conference join", "conference promote", "conference IM", "slide over Psom", "conference leave"];
        var done = _results.Select(r => r.Name).ToHashSet();
        foreach (var name in all.Where(n => !done.Contains(n))) Skip(name, reason);
    }
}

/// <summary>A demo step's check failed; the message says what was seen.</summary>
internal sealed class DemoStepException : Exception
{
    public DemoStepException()
    {
    }

    public DemoStepException(string message)
        : base(message)
    {
    }

    public DemoStepException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

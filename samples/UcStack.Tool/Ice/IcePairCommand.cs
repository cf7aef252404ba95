using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using UcStack.Ice;

namespace UcStack.Tool;

/// <summary>
/// <c>ucstack ice pair [--turn HOST:PORT --user U --password P] [--relay-only] [--tcp]</c>: runs two ICE agents in
/// this process (through the TURN server when named), exchanges 100 datagrams over the selected pair and prints
/// <c>selected: &lt;local type&gt; &lt;addr&gt; -&gt; &lt;remote type&gt; &lt;addr&gt;</c> and <c>rtt: &lt;ms&gt; ms</c>.
/// Exit 0 when a pair was selected and every datagram came back, 1 otherwise, 2 on usage errors.
/// </summary>
internal static class IcePairCommand
{
    private const int ExitOk = 0;
    private const int ExitFailed = 1;
    private const int ExitUsage = 2;
    private const int DatagramCount = 100;
    private static readonly TimeSpan SelectionTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan DatagramTimeout = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var turn = new Option<string?>("--turn") { Description = "A TURN server HOST:PORT for relayed candidates." };
        var user = new Option<string?>("--user") { Description = "TURN long-term credential username." };
        var password = new Option<string?>("--password") { Description = "TURN long-term credential password." };
        var relayOnly = new Option<bool>("--relay-only") { Description = "Gather relayed candidates only (needs --turn)." };
        var tcp = new Option<bool>("--tcp")
        {
            Description = "ICE-TCP (RFC 6544): active and passive TCP host candidates, framed per RFC 4571. Without --turn they are the only candidates, so the selected pair is TCP; with --turn the TURN server is reached over TCP too.",
        };

        var pair = new Command("pair", "Connect two ICE agents in this process and exchange 100 datagrams over the selected pair.")
        {
            turn, user, password, relayOnly, tcp,
        };
        pair.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var turnText = parse.GetValue(turn);
            var userText = parse.GetValue(user);
            var passwordText = parse.GetValue(password);
            if (turnText is null && (parse.GetValue(relayOnly) || userText is not null || passwordText is not null))
            {
                await error.WriteLineAsync("--relay-only, --user and --password need --turn HOST:PORT.").ConfigureAwait(false);
                return ExitUsage;
            }

            IceTurnServer? server = null;
            if (turnText is not null)
            {
                if (userText is null || passwordText is null)
                {
                    await error.WriteLineAsync("--turn needs --user and --password.").ConfigureAwait(false);
                    return ExitUsage;
                }

                try
                {
                    server = new IceTurnServer(await ResolveAsync(turnText, cancellationToken).ConfigureAwait(false), userText, passwordText)
                    {
                        UseTcp = parse.GetValue(tcp),
                    };
                }
                catch (Exception e) when (e is FormatException or SocketException)
                {
                    await error.WriteLineAsync($"Bad TURN server address: {e.Message}").ConfigureAwait(false);
                    return ExitUsage;
                }
            }

            var iceTcp = parse.GetValue(tcp);
            var options = new IceAgentOptions
            {
                TurnServers = server is null ? [] : [server],
                TcpCandidates = iceTcp ? IceTcpCandidates.ActiveAndPassive : IceTcpCandidates.None,
                GatheringPolicy = parse.GetValue(relayOnly) ? IceGatheringPolicy.RelayOnly
                    : iceTcp && server is null ? IceGatheringPolicy.TcpOnly
                    : IceGatheringPolicy.All,
                NominationDelay = TimeSpan.FromMilliseconds(500),
            };
            return await RunAsync(options, output, error, cancellationToken).ConfigureAwait(false);
        });
        return pair;
    }

    private static async Task<int> RunAsync(IceAgentOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var controlling = new IceAgent(options with { Role = IceRole.Controlling });
        var controlled = new IceAgent(options with { Role = IceRole.Controlled });
        try
        {
            controlling.CandidateGathered += (_, e) => controlled.AddRemoteCandidate(e.Candidate);
            controlled.CandidateGathered += (_, e) => controlling.AddRemoteCandidate(e.Candidate);
            controlling.SetRemoteCredentials(controlled.LocalUfrag, controlled.LocalPassword);
            controlled.SetRemoteCredentials(controlling.LocalUfrag, controlling.LocalPassword);
            controlling.StartGathering();
            controlled.StartGathering();
            _ = controlling.GatheringCompletion.ContinueWith(_ => controlled.AddRemoteEndOfCandidates(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
            _ = controlled.GatheringCompletion.ContinueWith(_ => controlling.AddRemoteEndOfCandidates(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);

            using var selection = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            selection.CancelAfter(SelectionTimeout);
            IceAgentState stateA;
            IceAgentState stateB;
            try
            {
                stateA = await controlling.WhenSettledAsync(selection.Token).ConfigureAwait(false);
                stateB = await controlled.WhenSettledAsync(selection.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                await error.WriteLineAsync($"No pair was selected within {SelectionTimeout.TotalSeconds:0} s.").ConfigureAwait(false);
                return ExitFailed;
            }

            var selected = controlling.GetSelectedPair(1);
            if (stateA != IceAgentState.Completed || stateB != IceAgentState.Completed || selected is null)
            {
                await error.WriteLineAsync($"ICE failed (controlling: {stateA}, controlled: {stateB}).").ConfigureAwait(false);
                return ExitFailed;
            }

            await output.WriteLineAsync($"selected: {selected}").ConfigureAwait(false);
            var (arrived, averageRtt) = await ExchangeAsync(controlling.GetDatagramPath(1), controlled.GetDatagramPath(1), cancellationToken).ConfigureAwait(false);
            if (arrived < DatagramCount)
            {
                await error.WriteLineAsync($"Only {arrived} of {DatagramCount} datagrams made the round trip.").ConfigureAwait(false);
                return ExitFailed;
            }

            await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"rtt: {averageRtt.TotalMilliseconds:0.000} ms")).ConfigureAwait(false);
            return ExitOk;
        }
        finally
        {
            await controlling.DisposeAsync().ConfigureAwait(false);
            await controlled.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Sends RTP-shaped datagrams one by one; the controlled side echoes each; the mean round trip is the rtt.</summary>
    private static async Task<(int Arrived, TimeSpan AverageRtt)> ExchangeAsync(IceDatagramPath sender, IceDatagramPath echo, CancellationToken cancellationToken)
    {
        var buffer = new byte[64];
        var echoBuffer = new byte[64];
        var total = TimeSpan.Zero;
        for (var sequence = 0; sequence < DatagramCount; sequence++)
        {
            byte[] datagram = [0x80, 0x00, (byte)(sequence >> 8), (byte)sequence, 0, 0, 0, 0, 0, 0, 0, 1];
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(DatagramTimeout);
            var started = Stopwatch.GetTimestamp();
            try
            {
                if (!sender.TrySend(datagram))
                {
                    return (sequence, TimeSpan.Zero);
                }

                var received = await echo.ReceiveAsync(echoBuffer, timeout.Token).ConfigureAwait(false);
                echo.TrySend(echoBuffer.AsSpan(0, received.Length));
                received = await sender.ReceiveAsync(buffer, timeout.Token).ConfigureAwait(false);
                if (!buffer.AsSpan(0, received.Length).SequenceEqual(datagram))
                {
                    return (sequence, TimeSpan.Zero);
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return (sequence, TimeSpan.Zero);
            }

            total += Stopwatch.GetElapsedTime(started);
        }

        return (DatagramCount, total / DatagramCount);
    }

    private static async Task<IPEndPoint> ResolveAsync(string text, CancellationToken cancellationToken)
    {
        if (IPEndPoint.TryParse(text, out var literal) && literal.Port != 0)
        {
            return literal;
        }

        var colon = text.LastIndexOf(':');
        if (colon <= 0 || !ushort.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port == 0)
        {
            throw new FormatException($"'{text}' is not HOST:PORT.");
        }

        var addresses = await Dns.GetHostAddressesAsync(text[..colon], cancellationToken).ConfigureAwait(false);
        var address = addresses.FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork) ?? addresses.FirstOrDefault()
            ?? throw new FormatException($"'{text[..colon]}' has no address.");
        return new IPEndPoint(address, port);
    }
}

using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Runtime.InteropServices;
using UcStack.Turn.Server;

namespace UcStack.Tool.Turn;

/// <summary>
/// <c>ucstack turn server --listen HOST:PORT --realm REALM --user NAME:PASSWORD [--user ...] [--allow-loopback-peers] [--rfc5766-channels] [--relay-address IP] [--relay-ports MIN-MAX] [--max-allocations-per-user N]</c>: runs a TURN
/// relay (UDP and TCP on one port, UDP relaying) until SIGINT or SIGTERM. Exit 0 after a clean stop, 2 on
/// usage errors, 1 when the listen address cannot be bound.
/// </summary>
internal static class TurnServerCommand
{
    private const int ExitOk = 0;
    private const int ExitFailed = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var listen = new Option<string>("--listen")
        {
            Description = "Address and port to listen on for UDP and TCP, e.g. 127.0.0.1:3478 or [::1]:3478.",
            DefaultValueFactory = _ => "127.0.0.1:3478",
        };
        var realm = new Option<string>("--realm") { Description = "Realm of the long-term credentials.", Required = true };
        var users = new Option<string[]>("--user")
        {
            Description = "A user as NAME:PASSWORD (the password may contain ':'); repeat for more users.",
            Required = true,
            AllowMultipleArgumentsPerToken = false,
        };
        var relay = new Option<string?>("--relay-address") { Description = "Address to bind relayed ports to (default: the listen address)." };
        var allowLoopback = new Option<bool>("--allow-loopback-peers") { Description = "Allow peers on loopback addresses (off by default, as in coturn)." };
        var portRange = new Option<string?>("--relay-ports") { Description = "Relay port range MIN-MAX (default 49152-65535)." };
        var legacyChannels = new Option<bool>("--rfc5766-channels") { Description = "Accept channel numbers up to 0x7FFF (RFC 5766 clients such as turnutils_uclient)." };
        var perUser = new Option<int>("--max-allocations-per-user")
        {
            Description = "Allocations one user may hold at once; beyond it Allocate gets 486 (default 10).",
            DefaultValueFactory = _ => new TurnServerOptions().MaxAllocationsPerUser,
        };

        var server = new Command("server", "Run a TURN server (RFC 8656) until SIGINT/SIGTERM.")
        {
            listen, realm, users, relay, allowLoopback, portRange, legacyChannels, perUser,
        };
        server.SetAction((parse, cancellationToken) =>
        {
            var settings = new TurnServerSettings(
                parse.GetValue(listen)!,
                parse.GetValue(realm)!,
                parse.GetValue(users) ?? [],
                parse.GetValue(relay),
                parse.GetValue(allowLoopback),
                parse.GetValue(portRange),
                parse.GetValue(legacyChannels),
                parse.GetValue(perUser));
            return RunAsync(settings, parse.InvocationConfiguration.Output, parse.InvocationConfiguration.Error, null, cancellationToken);
        });
        return server;
    }

    /// <summary>Runs the server until <paramref name="cancellationToken"/> is cancelled or SIGINT/SIGTERM arrives;
    /// <paramref name="started"/> (for tests) sees the running server.</summary>
    internal static async Task<int> RunAsync(
        TurnServerSettings settings,
        TextWriter output,
        TextWriter error,
        Action<TurnServer>? started,
        CancellationToken cancellationToken)
    {
        if (!IPEndPoint.TryParse(settings.Listen, out var listenEndPoint))
        {
            await error.WriteLineAsync("--listen takes HOST:PORT with a numeric address.").ConfigureAwait(false);
            return ExitUsage;
        }

        using var store = new StaticTurnCredentialStore();
        foreach (var user in settings.Users)
        {
            var colon = user.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0 || colon == user.Length - 1)
            {
                await error.WriteLineAsync($"--user takes NAME:PASSWORD, got '{user}'.").ConfigureAwait(false);
                return ExitUsage;
            }

            store.AddUser(user[..colon], user[(colon + 1)..]);
        }

        var options = new TurnServerOptions
        {
            ListenEndPoint = listenEndPoint,
            Realm = settings.Realm,
            CredentialStore = store,
            AllowLoopbackPeers = settings.AllowLoopbackPeers,
            AllowRfc5766ChannelNumbers = settings.Rfc5766Channels,
            MaxAllocationsPerUser = settings.MaxAllocationsPerUser,
        };
        var relayText = settings.RelayAddress;
        if (relayText is not null)
        {
            if (!IPAddress.TryParse(relayText, out var relayAddress))
            {
                await error.WriteLineAsync("--relay-address takes a numeric address.").ConfigureAwait(false);
                return ExitUsage;
            }

            options.RelayAddress = relayAddress;
        }

        var rangeText = settings.RelayPorts;
        if (rangeText is not null)
        {
            var parts = rangeText.Split('-');
            if (parts.Length != 2
                || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var min)
                || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var max))
            {
                await error.WriteLineAsync("--relay-ports takes MIN-MAX.").ConfigureAwait(false);
                return ExitUsage;
            }

            options.RelayPortMin = min;
            options.RelayPortMax = max;
        }

        TurnServer running;
        try
        {
            running = await TurnServer.StartAsync(options, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message).ConfigureAwait(false);
            return ExitUsage;
        }
        catch (System.Net.Sockets.SocketException e)
        {
            await error.WriteLineAsync($"Cannot listen on {listenEndPoint}: {e.Message}").ConfigureAwait(false);
            return ExitFailed;
        }

        // Stop on SIGINT/SIGTERM ourselves (and keep the runtime from terminating first), so allocations are
        // deleted and the exit code is 0 even when System.CommandLine's own termination handling is off.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        void OnSignal(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }

        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
        await using (running.ConfigureAwait(false))
        {
            started?.Invoke(running);
            await output.WriteLineAsync($"listening: {running.LocalEndPoint} (udp, tcp)").ConfigureAwait(false);
            await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
            try
            {
                await Task.Delay(Timeout.Infinite, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }

        await output.WriteLineAsync("stopped").ConfigureAwait(false);
        await output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        return ExitOk;
    }
}

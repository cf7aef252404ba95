using System.CommandLine;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using UcStack.Turn.Client;

namespace UcStack.Tool;

/// <summary>
/// <c>ucstack turn allocate HOST:PORT --user U --password P [--tcp]</c>: allocates a relayed address,
/// prints <c>relayed: ADDR:PORT</c>, keeps the allocation refreshed until SIGINT/SIGTERM, then deallocates.
/// Exit 0 after a clean stop, 1 when the allocation failed or was lost, 2 on usage errors.
/// </summary>
internal static class TurnAllocateCommand
{
    private const int ExitOk = 0;
    private const int ExitFailed = 1;
    private const int ExitUsage = 2;

    public static Command Create()
    {
        var server = new Argument<string>("HOST:PORT") { Description = "The TURN server, e.g. 127.0.0.1:3478 or turn.example.org:3478." };
        var user = new Option<string>("--user") { Description = "Long-term credential username.", Required = true };
        var password = new Option<string>("--password") { Description = "Long-term credential password.", Required = true };
        var tcp = new Option<bool>("--tcp") { Description = "Talk to the server over TCP instead of UDP." };
        var lifetime = new Option<int?>("--lifetime") { Description = "Requested allocation lifetime in seconds (default: the server's)." };

        var allocate = new Command("allocate", "Allocate a TURN relayed address and keep it until interrupted.")
        {
            server, user, password, tcp, lifetime,
        };
        allocate.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            IPEndPoint endPoint;
            try
            {
                endPoint = await ResolveAsync(parse.GetValue(server)!, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is FormatException or SocketException)
            {
                await error.WriteLineAsync($"Bad server address: {e.Message}").ConfigureAwait(false);
                return ExitUsage;
            }

            var requested = parse.GetValue(lifetime);
            if (requested is < 0)
            {
                await error.WriteLineAsync("--lifetime must not be negative.").ConfigureAwait(false);
                return ExitUsage;
            }

            var options = new TurnClientOptions
            {
                Server = endPoint,
                Username = parse.GetValue(user)!,
                Password = parse.GetValue(password)!,
                Transport = parse.GetValue(tcp) ? TurnTransport.Tcp : TurnTransport.Udp,
                RequestedLifetime = requested is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Software = "ucstack",
            };
            // Our own SIGINT/SIGTERM handling: cancel the wait and let disposal deallocate, instead of
            // the runtime's default of terminating the process with the allocation still in place.
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            void OnSignal(PosixSignalContext context)
            {
                context.Cancel = true;
                stop.Cancel();
            }

            using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
            using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);
            return await RunAsync(options, output, error, stop.Token).ConfigureAwait(false);
        });
        return allocate;
    }

    private static async Task<int> RunAsync(TurnClientOptions options, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        TurnClient client;
        try
        {
            client = await TurnClient.ConnectAsync(options, cancellationToken).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            await error.WriteLineAsync($"Cannot reach {options.Server}: {e.Message}").ConfigureAwait(false);
            return ExitFailed;
        }

        await using (client.ConfigureAwait(false))
        {
            var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            client.RefreshFailed += (_, e) =>
            {
                error.WriteLine($"Refresh of the {e.What} failed: {e.Exception.Message}");
                if (!client.IsAllocated)
                {
                    lost.TrySetResult();
                }
            };

            try
            {
                var relayed = await client.AllocateAsync(cancellationToken).ConfigureAwait(false);
                await output.WriteLineAsync($"relayed: {relayed}").ConfigureAwait(false);
                await output.WriteLineAsync($"mapped: {client.MappedAddress}").ConfigureAwait(false);
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"lifetime: {client.AllocationLifetime.TotalSeconds} s")).ConfigureAwait(false);
                await output.FlushAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is TurnException or TimeoutException or IOException)
            {
                await error.WriteLineAsync($"Allocate failed: {e.Message}").ConfigureAwait(false);
                return ExitFailed;
            }
            catch (OperationCanceledException)
            {
                return ExitOk;
            }

            // The token is cancelled on SIGINT and SIGTERM; disposal below deallocates.
            var stopped = Task.Delay(Timeout.Infinite, cancellationToken);
            var first = await Task.WhenAny(stopped, lost.Task).ConfigureAwait(false);
            if (first == lost.Task)
            {
                await error.WriteLineAsync("The allocation was lost.").ConfigureAwait(false);
                return ExitFailed;
            }

            await output.WriteLineAsync("deallocating").ConfigureAwait(false);
            return ExitOk;
        }
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

using System.IO.Pipelines;

namespace UcStack.Faults.Tests.Psom;

/// <summary>
/// A stream connection between a Psom client and server that can drop mid-message: each direction is relayed
/// through a byte budget; once a direction's budget is spent the bytes past it are discarded and the connection
/// fails in both directions, as a TCP reset would after delivering only part of a frame.
/// </summary>
internal sealed class CuttableStream
{
    private readonly Pipe _clientToRelay = new();
    private readonly Pipe _relayToServer = new();
    private readonly Pipe _serverToRelay = new();
    private readonly Pipe _relayToClient = new();
    private readonly Lock _gate = new();
    private long _upBudget = long.MaxValue;
    private long _downBudget = long.MaxValue;

    public CuttableStream()
    {
        ClientEnd = new Duplex(_relayToClient.Reader, _clientToRelay.Writer);
        ServerEnd = new Duplex(_relayToServer.Reader, _serverToRelay.Writer);
        Relays = Task.WhenAll(
            Task.Run(() => RelayAsync(_clientToRelay.Reader, _relayToServer.Writer, up: true)),
            Task.Run(() => RelayAsync(_serverToRelay.Reader, _relayToClient.Writer, up: false)));
    }

    public IDuplexPipe ClientEnd { get; }

    public IDuplexPipe ServerEnd { get; }

    /// <summary>Bytes relayed so far, client to server and back.</summary>
    public long Up { get; private set; }

    public long Down { get; private set; }

    public Task Relays { get; }

    /// <summary>The connection drops once <paramref name="more"/> further bytes went from client to server.</summary>
    public void CutUpAfter(long more)
    {
        lock (_gate) _upBudget = Up + more;
    }

    /// <summary>The connection drops once <paramref name="more"/> further bytes went from server to client.</summary>
    public void CutDownAfter(long more)
    {
        lock (_gate) _downBudget = Down + more;
    }

    private async Task RelayAsync(PipeReader from, PipeWriter to, bool up)
    {
        try
        {
            while (true)
            {
                var read = await from.ReadAsync();
                var buffer = read.Buffer;
                long allowed;
                lock (_gate)
                {
                    var budget = (up ? _upBudget : _downBudget) - (up ? Up : Down);
                    allowed = Math.Min(buffer.Length, budget);
                    if (up) Up += allowed;
                    else Down += allowed;
                }

                foreach (var segment in buffer.Slice(0, allowed)) await to.WriteAsync(segment);
                from.AdvanceTo(buffer.End);
                if (allowed < buffer.Length || (read.IsCompleted && buffer.IsEmpty) || read.IsCompleted)
                {
                    if (allowed < buffer.Length) Drop();
                    break;
                }
            }
        }
        catch (InvalidOperationException)
        {
            // the other side already completed the pipe
        }
        finally
        {
            await to.CompleteAsync();
            await from.CompleteAsync();
        }
    }

    /// <summary>The reset: both directions end; what each side has not read yet of the cut frame never comes.</summary>
    private void Drop()
    {
        var reset = new IOException("connection reset (fault injection)");
        _relayToServer.Writer.Complete(reset);
        _relayToClient.Writer.Complete(reset);
        _clientToRelay.Reader.Complete(reset);
        _serverToRelay.Reader.Complete(reset);
    }

    private sealed class Duplex(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }
}

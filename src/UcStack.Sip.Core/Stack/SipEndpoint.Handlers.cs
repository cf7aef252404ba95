namespace UcStack.Sip.Stack;

// Application code runs off the loop: ordered events on one queue, request handlers each on the thread pool.
// Both are counted while in flight, so tests can wait until every reaction to a message has run.
public sealed partial class SipEndpoint
{
    private readonly Lock _handlerGate = new();
    private int _handlersInFlight;
    private TaskCompletionSource? _handlersIdle;

    /// <summary>Runs user code (events) off the loop, one at a time and in the order raised; failures are logged,
    /// never thrown into the loop. A slow event handler delays later events, never the stack.</summary>
    internal void RunHandler(Action handler)
    {
        HandlerStarted();
        if (_events.Writer.TryWrite(handler)) return;
        HandlerFinished();
        Log.DialogHandlerFailed(_logger, new ObjectDisposedException(nameof(SipEndpoint)));
    }

    /// <summary>Runs an asynchronous application handler on the thread pool (never on the loop). The body handles
    /// its own failures; anything it lets escape is logged.</summary>
    internal void StartHandler(Func<Task> body)
    {
        HandlerStarted();
        _ = Task.Run(async () =>
        {
            try
            {
                await body().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                Log.DialogHandlerFailed(_logger, ex);
            }
            finally
            {
                HandlerFinished();
            }
        });
    }

    /// <summary>Completes when no event or handler is queued or running (at once when none is). Handlers started
    /// meanwhile by the ones awaited are awaited too.</summary>
    internal Task WhenHandlersIdleAsync()
    {
        lock (_handlerGate)
        {
            if (_handlersInFlight == 0) return Task.CompletedTask;
            return (_handlersIdle ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
        }
    }

    private void HandlerStarted()
    {
        lock (_handlerGate) _handlersInFlight++;
    }

    private void HandlerFinished()
    {
        TaskCompletionSource? idle = null;
        lock (_handlerGate)
        {
            if (--_handlersInFlight == 0)
            {
                idle = _handlersIdle;
                _handlersIdle = null;
            }
        }

        idle?.TrySetResult();
    }

    private async Task RunEventsAsync()
    {
        var reader = _events.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            while (reader.TryRead(out var handler))
            {
                try
                {
                    handler();
                }
                catch (Exception ex) when (ex is not OutOfMemoryException)
                {
                    Log.DialogHandlerFailed(_logger, ex);
                }
                finally
                {
                    HandlerFinished();
                }
            }
        }
    }
}

namespace UcStack.Fuzz;

/// <summary>
/// One parser under test. <see cref="Run"/> parses the input, touches everything the parse produced (lazy members too),
/// swallows only the parser's own documented error (a false TryParse, an error status, or its typed exception), and
/// lets anything else escape so that AFL records it as a crash.
/// </summary>
internal sealed record FuzzTarget(string Name, string Description, Action<byte[]> Run);

/// <summary>
/// Thrown by a target when a parse succeeded but broke a documented invariant (for example the canonical form of a
/// parsed message does not parse again, or a stream reader made no progress). It is deliberately not any parser's
/// error type, so it counts as a crash.
/// </summary>
internal sealed class FuzzInvariantException(string message) : Exception(message);

namespace UcStack.Client;

internal sealed partial class UcClient
{
    /// <summary>Shares a one-line slide in the joined conference through the conference's Psom server.</summary>
    /// <exception cref="FeatureUnavailableException">The focus hands out no Psom admission token.</exception>
    public Task<string> ShareSlideAsync(string text, CancellationToken cancellationToken = default)
    {
        _ = Joined();
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromException<string>(new FeatureUnavailableException("the conference focus hands out no Psom address and admission token"));
    }

    /// <summary>Reads the slide shared in the joined conference.</summary>
    /// <exception cref="FeatureUnavailableException">The focus hands out no Psom admission token.</exception>
    public Task<string> GetSlideAsync(CancellationToken cancellationToken = default)
    {
        _ = Joined();
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromException<string>(new FeatureUnavailableException("the conference focus hands out no Psom address and admission token"));
    }
}

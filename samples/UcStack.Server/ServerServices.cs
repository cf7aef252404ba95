using System.Diagnostics.Metrics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using UcStack.C3P;
using UcStack.Psom;
using UcStack.Turn.Mras;

namespace UcStack.Server;

/// <summary>Registers the server's parts with the host. Singletons other parts (the HTTPS services) resolve:
/// <see cref="ConferenceFocusFactory"/> (the running focus factory), <see cref="PsomServer"/>,
/// <see cref="IPsomObjectStore"/> (its object store) and <see cref="PsomContentService"/> (its content store).</summary>
internal static class ServerServices
{
    /// <summary>Adds the options, the shared singletons and the hosted services.</summary>
    /// <param name="services">The host's services.</param>
    /// <param name="configuration">The configuration holding the <c>Server</c> section.</param>
    /// <returns><paramref name="services"/>.</returns>
    public static IServiceCollection AddUcServer(this IServiceCollection services, IConfiguration configuration)
    {
        services.Configure<ServerOptions>(configuration.GetSection(ServerOptions.SectionName));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ServerCertificate>();
        services.AddSingleton(CreateFocusFactory);
        services.AddSingleton<MeetingMcu>();
        services.AddSingleton(CreateRelayCredentials);
        services.AddSingleton<TurnRelayService>();
        services.AddSingleton<PsomServerService>();
        services.AddSingleton(CreateAdmissionKey);
        services.AddSingleton(CreatePsomStore);
        services.AddSingleton(CreatePsomServer);
        services.AddSingleton(provider => new PsomContentService(
            provider.GetRequiredService<PsomServer>(), new Uri(Options(provider).Psom.ContentBaseUri, UriKind.Absolute)));
        services.AddSingleton<SipServerService>();

        // Started in this order (and stopped in reverse): the relay and Psom first, since SIP hands out their addresses.
        services.AddHostedService(provider => provider.GetRequiredService<TurnRelayService>());
        services.AddHostedService(provider => provider.GetRequiredService<PsomServerService>());
        services.AddHostedService(provider => provider.GetRequiredService<SipServerService>());
        return services;
    }

    private static ServerOptions Options(IServiceProvider provider) => provider.GetRequiredService<IOptions<ServerOptions>>().Value;

    private static ConferenceFocusFactory CreateFocusFactory(IServiceProvider provider)
    {
        var settings = Options(provider);
        var conference = settings.Conference;
        var meeting = provider.GetRequiredService<MeetingMcu>();
        return new ConferenceFocusFactory(
            new ConferenceFocusFactoryOptions
            {
                AvailableMcuTypes = settings.Psom.Enabled ? [ConferenceChatMcu.McuType, MeetingMcu.McuType] : [ConferenceChatMcu.McuType],
                DialInConnectionInfo = meeting.ConnectionInfo,
                MaxConferences = conference.MaxConferences,
                MaxParticipants = conference.MaxParticipants,
                DefaultLifetime = TimeSpan.FromHours(conference.DefaultLifetimeHours),
            },
            timeProvider: provider.GetRequiredService<TimeProvider>(),
            meterFactory: provider.GetService<IMeterFactory>());
    }

    private static PsomAdmissionKey CreateAdmissionKey(IServiceProvider provider) =>
        Options(provider).Psom.AdmissionKey is { Length: > 0 } text
            ? FromSecret(text, "Server:Psom:AdmissionKey", bytes => new PsomAdmissionKey(bytes))
            : PsomAdmissionKey.CreateRandom();

    private static MrasCredentialIssuer CreateRelayCredentials(IServiceProvider provider)
    {
        var time = provider.GetRequiredService<TimeProvider>();
        return Options(provider).Turn.SharedSecret is { Length: > 0 } text
            ? FromSecret(text, "Server:Turn:SharedSecret", bytes => new MrasCredentialIssuer(bytes, time))
            : MrasCredentialIssuer.CreateRandom(time);
    }

    private static T FromSecret<T>(string base64, string key, Func<byte[], T> create)
    {
        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(base64);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException(key + " is not base64.");
        }

        try
        {
            return create(bytes);
        }
        catch (ArgumentException e)
        {
            throw new InvalidOperationException(key + ": " + e.Message, e);
        }
        finally
        {
            System.Security.Cryptography.CryptographicOperations.ZeroMemory(bytes);
        }
    }

    private static IPsomObjectStore CreatePsomStore(IServiceProvider provider) =>
        Options(provider).Psom.StoreDirectory is { Length: > 0 } directory ? new PsomFileObjectStore(directory) : new PsomMemoryObjectStore();

    private static PsomServer CreatePsomServer(IServiceProvider provider) => new(
        new PsomServerOptions
        {
            AdmissionKey = provider.GetRequiredService<PsomAdmissionKey>(),
            Store = provider.GetRequiredService<IPsomObjectStore>(),
            TimeProvider = provider.GetRequiredService<TimeProvider>(),
        },
        provider.GetRequiredService<ILoggerFactory>().CreateLogger<PsomServer>(),
        provider.GetService<IMeterFactory>());
}

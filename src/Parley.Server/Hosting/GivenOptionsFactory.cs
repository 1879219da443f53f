using Microsoft.Extensions.Options;

namespace Parley.Server.Hosting;

/// <summary>
/// Puts the options the host was started with through the options pipeline: the record is immutable, so
/// instead of creating and configuring one, the factory hands over the given one, and the registered
/// <see cref="IValidateOptions{TOptions}"/> run on it (at start, with <c>ValidateOnStart</c>).
/// </summary>
internal sealed class GivenOptionsFactory(
    ParleyServerOptions given,
    IEnumerable<IConfigureOptions<ParleyServerOptions>> setups,
    IEnumerable<IPostConfigureOptions<ParleyServerOptions>> postConfigures,
    IEnumerable<IValidateOptions<ParleyServerOptions>> validations)
    : OptionsFactory<ParleyServerOptions>(setups, postConfigures, validations)
{
    protected override ParleyServerOptions CreateInstance(string name) => given;
}

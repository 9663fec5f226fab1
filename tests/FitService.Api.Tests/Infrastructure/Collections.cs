namespace FitService.Api.Tests.Infrastructure;

/// <summary>One service and database shared by the tests of a class; each test arranges its own data.</summary>
public abstract class ApiTest(FitServiceFactory factory) : IClassFixture<FitServiceFactory>
{
    protected FitServiceFactory Factory { get; } = factory;
    protected Clinic Clinic { get; } = new(factory);
}

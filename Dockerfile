# FitService API image. Build from the repository root:  docker build -t fitservice .
# Run:  docker run -p 8080:8080 -e ConnectionStrings__FitService="Host=db;Username=...;Password=...;Database=fitservice" \
#         -e Auth__Authority=https://idp.example.no/realms/fit -e Auth__Audience=fitservice fitservice

# Build stage: restore first (cached while only code changes), then publish.
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
WORKDIR /src
COPY Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/FitService.Statistics/FitService.Statistics.csproj src/FitService.Statistics/
COPY src/FitService.Api/FitService.Api.csproj src/FitService.Api/
RUN dotnet restore src/FitService.Api/FitService.Api.csproj
COPY src/ src/
# The migrations are embedded into the API assembly.
COPY db/ db/
RUN dotnet publish src/FitService.Api/FitService.Api.csproj -c Release --no-restore -o /app /p:UseAppHost=false

# Runtime stage: ASP.NET Core only, as the image's non-root "app" user, HTTP on 8080.
# No HEALTHCHECK: the image has no curl/wget; let the orchestrator probe GET /health.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
ENV ASPNETCORE_URLS=http://+:8080 \
    ASPNETCORE_HTTP_PORTS="" \
    DOTNET_NOLOGO=1
COPY --from=build /app ./
USER $APP_UID
EXPOSE 8080
ENTRYPOINT ["dotnet", "FitService.Api.dll"]

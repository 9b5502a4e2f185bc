@echo off
rem qscale, from a distribution: needs Java 17 or newer (java on the PATH, or JAVA_HOME).
rem QSCALE_JAVA_OPTS adds JVM options.
setlocal
set "QSCALE_HOME=%~dp0.."
if defined JAVA_HOME (
  set "JAVA=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA=java.exe"
)
where /q "%JAVA%" 2>nul || if not exist "%JAVA%" (
  echo qscale: no java found; install Java 17 or newer, or set JAVA_HOME 1>&2
  exit /b 1
)
"%JAVA%" %QSCALE_JAVA_OPTS% -jar "%QSCALE_HOME%\lib\qscale.jar" %*
exit /b %ERRORLEVEL%

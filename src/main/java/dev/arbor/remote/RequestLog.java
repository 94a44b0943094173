package dev.arbor.remote;

import java.io.IOException;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each HTTP exchange at debug level: method, URL, status and time. It deliberately logs no headers,
 * so the Authorization header (the API key) cannot reach a log; OkHttp's own HttpLoggingInterceptor is not
 * used because at HEADERS level it prints them unless told which to redact.
 */
final class RequestLog implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (!LOG.isDebugEnabled()) {
            return chain.proceed(request);
        }
        long start = System.nanoTime();
        try {
            Response response = chain.proceed(request);
            LOG.debug("{} {} → {} ({} ms)", request.method(), shown(request), response.code(),
                    (System.nanoTime() - start) / 1_000_000);
            return response;
        } catch (IOException e) {
            LOG.debug("{} {} → {} after {} ms", request.method(), shown(request), e.getClass().getSimpleName(),
                    (System.nanoTime() - start) / 1_000_000);
            throw e;
        }
    }

    /** The URL without any user-info, in case a base URL was given with credentials in it. */
    private static String shown(Request request) {
        return request.url().newBuilder().username("").password("").build().toString();
    }
}

package dev.gatehouse.browser;

import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Signing in at {@code oidc-provider}'s development login page (any password) and its consent page, as a person would
 * use them, until the browser is back under {@code /gatehouse-admin/}: the single sign-on tests of the launcher and of
 * WildFly's own OpenID Connect client.
 */
public final class ProviderLogin {
    private ProviderLogin() {
    }

    /** Signs in as {@code login}; a browser not back at the console in time fails saying where it is and what it shows. */
    public static void signIn(ConsoleBrowser browser, String login) {
        browser.waitFor(ExpectedConditions.visibilityOfElementLocated(By.name("login")));
        browser.type(By.name("login"), login);
        browser.type(By.name("password"), "any-password");
        browser.find(By.name("password")).sendKeys(Keys.ENTER);
        // then the consent page (no login field), unless the provider goes straight back to Gatehouse
        browser.waitFor(d -> d.getCurrentUrl().contains("/gatehouse-admin/") || d.findElements(By.name("login")).isEmpty());
        if (!browser.driver().getCurrentUrl().contains("/gatehouse-admin/")) {
            browser.waitFor(ExpectedConditions.elementToBeClickable(By.cssSelector("form button[type=submit]")));
            browser.driver().findElement(By.cssSelector("form button[type=submit]")).click();
        }
        try {
            browser.waitFor(d -> d.getCurrentUrl().contains("/gatehouse-admin/"));
        } catch (TimeoutException e) {
            throw new AssertionError("not back at the console after signing in as " + login + ": at "
                    + browser.driver().getCurrentUrl() + " showing " + browser.script("return document.body ? document.body.innerText : ''"), e);
        }
    }
}

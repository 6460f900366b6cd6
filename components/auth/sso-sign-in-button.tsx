import { signInWithSsoAction } from "@/app/login/actions";
import { Button } from "@/components/ui/button";

/** Starts single sign-on: a form, so it works before (or without) the page's JavaScript. */
export function SsoSignInButton({ providerName, callbackUrl }: { providerName: string; callbackUrl: string }) {
  return (
    <form action={signInWithSsoAction}>
      <input type="hidden" name="callbackUrl" value={callbackUrl} />
      <Button type="submit" className="w-full">
        {`Sign in with ${providerName}`}
      </Button>
    </form>
  );
}
